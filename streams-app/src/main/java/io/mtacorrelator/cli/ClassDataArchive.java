package io.mtacorrelator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An application class-data archive (AppCDS) of the classes a short run loads: the broker's, Kafka Streams', Scala's,
 * Avro's and ours, whose loading and verification are a large part of a short run's start-up CPU. The
 * first run of a jar writes it ({@code -XX:ArchiveClassesAtExit}) under a name of its own and keeps it only if the
 * run completed; later runs of the same jar with the same JVM map it ({@code -XX:SharedArchiveFile}). It lives in a
 * cache directory ({@value #DIR_PROPERTY}, default {@code $XDG_CACHE_HOME/mta-correlator} or
 * {@code ~/.cache/mta-correlator}; {@code none} turns it off), named by the jar (path, size, time) and the JVM, so a
 * rebuilt jar or another JVM gets its own; a JVM that cannot use an archive runs without it.
 */
final class ClassDataArchive {

    /** Where archives are kept, or {@value #OFF}. */
    static final String DIR_PROPERTY = "mta.cds.dir";
    static final String OFF = "none";
    /** Archives kept in the directory, this jar's included. */
    static final int KEPT = 3;
    private static final String PREFIX = "mta-correlator-";
    /** JVM options of the user's that choose class sharing themselves: then we leave it to them. */
    private static final List<String> OWN_SHARING = List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-XX:SharedClassListFile");
    /**
     * JVM warnings go to stderr (stdout carries results), and those about an archive that cannot be used are not
     * shown: running without it is the expected fallback.
     */
    private static final List<String> QUIET = List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds*=off:stderr");

    private final Path archive;
    private final Path pending;

    private ClassDataArchive(final Path archive, final Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /**
     * The archive for this jar and JVM, or empty when archives are turned off, the user chose class sharing, or the
     * directory cannot be made.
     *
     * @param dirSetting the value of {@value #DIR_PROPERTY} (null: the default)
     */
    static Optional<ClassDataArchive> forJar(final Path jar, final List<String> jvmOptions, final String dirSetting,
                                             final String xdgCacheHome, final String userHome) {
        if (OFF.equals(dirSetting) || HeapCeiling.anyStartsWith(jvmOptions, OWN_SHARING)) {
            return Optional.empty();
        }
        final Path dir = dirSetting != null ? Path.of(dirSetting)
                : xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome, "mta-correlator")
                : userHome == null ? null : Path.of(userHome, ".cache", "mta-correlator");
        if (dir == null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            final Path absolute = jar.toAbsolutePath().normalize();
            final String identity = absolute + "|" + Files.size(absolute) + "|" + Files.getLastModifiedTime(absolute).toMillis()
                    + "|" + System.getProperty("java.vm.version") + "|" + System.getProperty("java.home");
            final String name = PREFIX + hash64(identity);
            return Optional.of(new ClassDataArchive(dir.resolve(name + ".jsa"),
                    dir.resolve(name + "-" + ProcessHandle.current().pid() + ".jsa.part")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The JVM options of the child: use the archive, or write it at exit when there is none yet. */
    List<String> jvmOptions() {
        final List<String> options = new java.util.ArrayList<>();
        options.add(Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + pending);
        options.addAll(QUIET);
        return options;
    }

    /**
     * After the child: an archive it wrote is kept if the run went through to its end ({@code completed}), in one
     * move so a concurrent run never maps half a file; otherwise it is dropped.
     */
    void afterRun(final boolean completed) {
        try {
            if (completed && Files.isRegularFile(pending)) {
                Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                pruneOthers();
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            // Only start-up time is lost: the next run writes it again.
            try {
                Files.deleteIfExists(pending);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /**
     * Each rebuilt jar (or other JVM) writes an archive of its own, of about 70 MB: only the {@value #KEPT} newest are
     * kept, so that a developer's or a CI machine's cache does not grow with every build. A run of an older jar whose
     * archive was pruned writes it again.
     */
    private void pruneOthers() throws IOException {
        final List<Path> others;
        try (var files = Files.list(archive.getParent())) {
            others = files.filter(f -> !f.equals(archive))
                    .filter(f -> f.getFileName().toString().startsWith(PREFIX) && f.getFileName().toString().endsWith(".jsa"))
                    .sorted(java.util.Comparator.comparing(ClassDataArchive::modified).reversed())
                    .toList();
        }
        for (final Path old : others.subList(Math.min(others.size(), KEPT - 1), others.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static java.nio.file.attribute.FileTime modified(final Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    Path archive() {
        return archive;
    }

    /**
     * 64 bits of the archive's identity, for its file name: a CRC-32 and the string hash, not a cryptographic digest,
     * whose providers cost the parent JVM 40 ms before the child can start. A collision would only cost start-up time:
     * the JVM checks an archive's jar (path, size, time) itself and runs without one that does not match.
     */
    private static String hash64(final String text) {
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((crc.getValue() << 32) | (text.hashCode() & 0xFFFFFFFFL));
    }
}
