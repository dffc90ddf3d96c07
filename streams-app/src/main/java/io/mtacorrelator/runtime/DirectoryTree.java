package io.mtacorrelator.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Deleting a directory with everything in it: the broker's and Kafka Streams' temporary directories, an application's
 * local state on reset, the scratch directory of a child JVM. No streams or lambdas: the parent JVM of {@code correlate}
 * (which has no class-data archive) deletes its child's directory on its way to exit, and each first lambda costs it
 * milliseconds.
 */
public final class DirectoryTree {

    private DirectoryTree() {
    }

    /**
     * Deletes {@code dir} and everything under it; a link is deleted, never followed. Nothing to do when it does not
     * exist. Goes on past what cannot be deleted, then throws the first failure.
     */
    public static void delete(final Path dir) throws IOException {
        final IOException failure = deleteAll(dir);
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException deleteAll(final Path path) {
        IOException first = null;
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (final Path entry : entries) {
                    final IOException failure = deleteAll(entry);
                    first = first == null ? failure : first;
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        return first;
    }
}
