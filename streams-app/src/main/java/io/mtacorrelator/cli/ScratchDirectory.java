package io.mtacorrelator.cli;

import io.mtacorrelator.runtime.DirectoryTree;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The temporary directory of the child JVM that {@link HeapCeiling} starts: the child's {@code java.io.tmpdir}, so the
 * private broker's data, Kafka Streams' state and RocksDB's extracted library (15 MB) all land in it, and the parent
 * deletes it once the child has ended, however it ended. A child killed mid-run therefore leaves nothing behind, and
 * a child whose run is done need not shut its broker down first: that graceful shutdown (some forty steps that flush,
 * checkpoint and close logs about to be deleted) took 0.25-0.35 s of every short run.
 * <p>
 * Nor need the child wait for its own JVM's exit: with the broker's network threads blocked in native code (epoll),
 * HotSpot's exit waits some 300 ms for them to come back, and then ends anyway (measured: {@code System.exit} with one
 * thread in {@code Selector.select} took 0.33 s longer). So the child, its results written and flushed, reports its exit
 * code in a file here ({@link #reportExit}) before it exits, and the parent, which polls for that file while it waits,
 * ends the child at once and passes the reported code on ({@link #reportedExit}).
 */
final class ScratchDirectory {

    /** Set on the child to its temporary directory, which the parent deletes after the child has ended. */
    static final String PROPERTY = "mta.scratch.dir";
    private static final String PREFIX = "mta-correlator-run-";
    /** The file in which the child reports its exit code once its output is complete. */
    static final String EXIT_REPORT = "exit-code";
    private static final int ATTEMPTS = 100;

    private ScratchDirectory() {
    }

    /**
     * A new directory under {@code base}, readable by this user only where the file system has POSIX permissions;
     * empty when none can be made (the child then runs without one and cleans up after itself). Named by process id
     * and a counter rather than {@link Files#createTempDirectory}, whose random name loads the security providers: 40
     * ms of this short-lived JVM before the child can start. A name that exists already (or is a link) is never used.
     */
    static Optional<Path> create(final Path base) {
        final FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        final long pid = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return Optional.of(Files.createDirectory(base.resolve(PREFIX + pid + "-" + attempt), ownerOnly));
            } catch (FileAlreadyExistsException taken) {
                // Left by an earlier process of the same id, or someone else's: try the next name.
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Deletes the directory and everything in it, without following links out of it; what cannot be deleted stays. */
    static void delete(final Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException e) {
            // Left in the user's temporary directory, where the system's cleaning finds it; the run's result stands.
        }
    }

    /**
     * In a child whose parent deletes its temporary directory: flushes the standard streams, then reports the exit code
     * (written whole, then renamed into place, so the parent never reads half of it). Elsewhere, nothing.
     */
    static void reportExit(final int code) {
        final String dir = System.getProperty(PROPERTY);
        if (dir == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try {
            final Path written = Files.writeString(Path.of(dir, EXIT_REPORT + ".part"), Integer.toString(code));
            Files.move(written, written.resolveSibling(EXIT_REPORT), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // The parent then waits for the JVM's own exit, as it would without a report.
        }
    }

    /** The exit code the child reported in {@code dir}, or null while there is none. */
    static Integer reportedExit(final Path dir) {
        final Path report = dir.resolve(EXIT_REPORT);
        if (!Files.isRegularFile(report)) {
            return null;
        }
        try {
            return Integer.valueOf(Files.readString(report).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this JVM is a child whose temporary directory its parent deletes after it ends. */
    static boolean deletedByParent() {
        return System.getProperty(PROPERTY) != null;
    }
}
