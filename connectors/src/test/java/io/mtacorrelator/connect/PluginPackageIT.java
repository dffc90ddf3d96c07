package io.mtacorrelator.connect;

import io.mtacorrelator.render.Product;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn package} builds for Connect workers: the plugin directory ({@code ConnectArchivesToEcsIT} runs a
 * worker on it) and the zip to copy to workers, which must hold the same files. Our jar carries the service files
 * that {@code plugin.discovery=service_load} reads; Kafka's own jars, which the worker provides, are not in it.
 */
class PluginPackageIT {

    private static final Path PLUGIN = Path.of(System.getProperty("mta.plugin.dir", "target/plugin"))
            .resolve("mta-correlator-connectors");

    @Test
    void theZipHoldsThePluginDirectoryWithItsServiceFilesAndNoKafka() throws IOException {
        // Given: the directory and the zip mvn package built
        final List<String> directory = files(PLUGIN.getParent());
        assertThat(directory).as("positive control: the plugin directory has our jar")
                .contains("mta-correlator-connectors/lib/" + jarName());
        final Path zip;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            zip = built.filter(p -> p.getFileName().toString().endsWith("-plugin.zip")).findFirst().orElseThrow(
                    () -> new AssertionError("no *-plugin.zip in target/: mvn package builds it"));
        }

        // When
        final List<String> zipped = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).sorted().forEach(zipped::add);
        }

        // Then: the same files, the service registrations of every class, and nothing the worker brings itself
        assertThat(zipped).containsExactlyElementsOf(directory);
        assertThat(zipped).noneMatch(n -> n.matches(".*/lib/(kafka|connect-|slf4j).*"));
        try (JarFile jar = new JarFile(PLUGIN.resolve("lib").resolve(jarName()).toFile())) {
            assertThat(service(jar, "org.apache.kafka.connect.transforms.Transformation")).containsExactlyInAnyOrder(
                    "io.mtacorrelator.connect.transforms.IncidentToEcs", "io.mtacorrelator.connect.transforms.IncidentToOcsf",
                    "io.mtacorrelator.connect.transforms.IncidentToCef");
            assertThat(service(jar, "org.apache.kafka.connect.source.SourceConnector"))
                    .containsExactly("io.mtacorrelator.connect.source.ArchiveSourceConnector");
        }
    }

    private static String jarName() {
        // the project version, as the renderer reports it (this module's own classes are not on the IT's classpath)
        return "mta-correlator-connectors-" + Product.VERSION + ".jar";
    }

    private static List<String> service(final JarFile jar, final String type) throws IOException {
        final ZipEntry entry = jar.getEntry("META-INF/services/" + type);
        assertThat(entry).as("META-INF/services/" + type).isNotNull();
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The regular files under a directory, as zip entry names relative to it, sorted. */
    private static List<String> files(final Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
