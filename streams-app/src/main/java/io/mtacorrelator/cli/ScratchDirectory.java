package io.mtacorrelator.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 */
final class ScratchDirectory {

    /** Set on the child to its temporary directory, which the parent deletes after the child has ended. */
    static final String PROPERTY = "mta.scratch.dir";
    private static final String PREFIX = "mta-correlator-run-";
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
        final File[] entries = dir.toFile().listFiles();
        if (entries != null) {
            for (final File entry : entries) {
                if (Files.isDirectory(entry.toPath(), LinkOption.NOFOLLOW_LINKS)) {
                    delete(entry.toPath());
                } else {
                    entry.delete();
                }
            }
        }
        dir.toFile().delete();
    }

    /** Whether this JVM is a child whose temporary directory its parent deletes after it ends. */
    static boolean deletedByParent() {
        return System.getProperty(PROPERTY) != null;
    }
}
