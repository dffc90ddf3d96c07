package io.mtacorrelator.containers;

import org.testcontainers.utility.DockerImageName;

/**
 * The container images of the Docker-based tests: the same tags as {@code docker-compose.yml} (checked by
 * {@link ComposeFileTest}), so a machine pulls each image once for both tests and the stack.
 */
final class StackImages {

    /** The official Apache Kafka image: single-node KRaft broker and controller; also runs Connect and the tools. */
    static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

    /** Apicurio Registry 2.6 with in-memory storage; Confluent-compatible API at /apis/ccompat/v7. */
    static final DockerImageName REGISTRY = DockerImageName.parse("apicurio/apicurio-registry-mem:2.6.13.Final");

    /** What the correlator service runs the fat jar on. */
    static final DockerImageName CORRELATOR_JRE = DockerImageName.parse("eclipse-temurin:17-jre");

    /** The one-shot that creates the ECS file sink on the Connect worker through its REST API. */
    static final DockerImageName CURL = DockerImageName.parse("curlimages/curl:8.11.1");

    /** Registry port inside its container. */
    static final int REGISTRY_PORT = 8080;

    /** The registry's Confluent-compatible API under a base URL ({@code http://host:port}). */
    static String ccompatUrl(final String host, final int port) {
        return "http://" + host + ":" + port + "/apis/ccompat/v7";
    }

    private StackImages() {
    }
}
