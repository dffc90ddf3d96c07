package io.mtacorrelator.cli;

import io.mtacorrelator.exports.ExportOptions;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --computer [FILE=]NAME}: the computer of Event Viewer exports that name none (Vista and later), for every
 * input file or for one. The reader writes it into each such row, so the records carry it wherever they go (the
 * correlator of {@code replay} reads them later, with its own configuration).
 */
final class ExportFileOptions {

    static final String COMPUTER_HELP = "The computer (MTA) that wrote an Event Viewer export whose rows name none "
            + "(Vista and later CSV/text exports have no Computer column). NAME applies to every such file; FILE=NAME to "
            + "that file only. Repeatable.";

    private ExportFileOptions() {
    }

    /** How each input file is read; a FILE that is not an input, or two defaults, is a usage error. */
    static Function<Path, ExportOptions> of(final List<String> computers, final List<Path> files) {
        String all = null;
        final Map<Path, String> byFile = new HashMap<>();
        for (final String value : computers) {
            final int eq = value.lastIndexOf('=');
            if (eq < 0) {
                if (all != null && !all.equals(value.trim())) {
                    throw new ConfigException("--computer is given twice for all files ('" + all + "' and '" + value.trim()
                            + "'): use --computer FILE=NAME for each file");
                }
                all = value.trim();
                continue;
            }
            final Path file = key(Path.of(value.substring(0, eq).trim()));
            if (files.stream().map(ExportFileOptions::key).noneMatch(file::equals)) {
                throw new ConfigException("--computer " + value + ": " + value.substring(0, eq).trim() + " is not one of the input files");
            }
            byFile.put(file, value.substring(eq + 1).trim());
        }
        final String everyFile = all;
        return file -> ExportOptions.DEFAULTS.withComputer(byFile.getOrDefault(key(file), everyFile));
    }

    private static Path key(final Path file) {
        return file.toAbsolutePath().normalize();
    }
}
