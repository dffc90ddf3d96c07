package io.mtacorrelator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid shipper records, the kinds of damage real pipelines do: flipped and cut bytes,
 * invalid UTF-8, fields of the wrong type, missing or renamed fields, absurd timestamps, concatenated or
 * wrapped records, and the occasional oversized line.
 */
public final class RecordMutator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final List<String> seeds;

    public RecordMutator(final long seed, final List<String> seeds) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
    }

    /**
     * A damaged record and whether the damage alone makes it unreadable, decided from the kind of damage, not by
     * asking a parser: a JSON object cut short, bytes that are not UTF-8 (0xFF never is), two records in one, a
     * record over {@link io.mtacorrelator.ingest.RecordParser#MAX_RECORD_BYTES}, an event time that is no time or
     * outside the plausible years are unreadable; the record left whole is readable.
     */
    public record Mutation(byte[] bytes, boolean unreadable) {
    }

    /** Only damage whose verdict is known (see {@link Mutation}), and intact records. */
    public Mutation nextWithVerdict() {
        final String seed = seeds.get(random.nextInt(seeds.size()));
        final byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> new Mutation(Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1)), true);
            case 1 -> new Mutation(insertInvalidUtf8(bytes), true);
            case 2 -> {
                final byte[] noise = randomBytes();
                noise[0] = (byte) 0xFF;
                yield new Mutation(noise, true);
            }
            case 3 -> new Mutation(random.nextInt(50) == 0 ? oversized(seed) : absurdTime(seed, UNREADABLE_TIMES), true);
            case 4 -> new Mutation((seed + (random.nextBoolean() ? "\n" : "") + seed).getBytes(StandardCharsets.UTF_8), true);
            default -> new Mutation(bytes, false);
        };
    }

    public byte[] next() {
        final String seed = seeds.get(random.nextInt(seeds.size()));
        final byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(12)) {
            case 0 -> flipBytes(bytes);
            case 1 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> insertInvalidUtf8(bytes);
            case 3, 4, 5 -> structural(seed);
            case 6 -> absurdTime(seed);
            case 7 -> (seed + (random.nextBoolean() ? "\n" : "") + seed).getBytes(StandardCharsets.UTF_8);
            case 8 -> ("[" + seed + "]").getBytes(StandardCharsets.UTF_8);
            case 9 -> random.nextInt(200) == 0 ? oversized(seed) : randomBytes();
            case 10 -> seed.getBytes(StandardCharsets.UTF_16LE);
            default -> bytes;
        };
    }

    private byte[] flipBytes(final byte[] in) {
        final byte[] out = in.clone();
        for (int i = 0, n = 1 + random.nextInt(5); i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] insertInvalidUtf8(final byte[] in) {
        final int at = random.nextInt(in.length + 1);
        final byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        final byte[] out = new byte[in.length + bad.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(in, at, out, at + bad.length, in.length - at);
        return out;
    }

    private byte[] randomBytes() {
        final byte[] out = new byte[1 + random.nextInt(512)];
        random.nextBytes(out);
        return out;
    }

    private byte[] oversized(final String seed) {
        final ObjectNode node = (ObjectNode) read(seed);
        node.put("padding", "x".repeat(1024 * 1024 + random.nextInt(1024)));
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Event times no shipper format can read as a plausible time: no time at all, or before 1990, or centuries ahead. */
    private static final JsonNode[] UNREADABLE_TIMES = {
            NODES.textNode("1899-12-31T23:59:59Z"), NODES.textNode("3000-01-01T00:00:00Z"), NODES.textNode("yesterday"),
            NODES.textNode(""), NODES.nullNode(), NODES.objectNode()};
    private static final JsonNode[] ABSURD_TIMES = {
            NODES.textNode("1899-12-31T23:59:59Z"), NODES.textNode("3000-01-01T00:00:00Z"), NODES.textNode("yesterday"),
            NODES.numberNode(-1L), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(1e300), NODES.textNode(""),
            NODES.nullNode(), NODES.objectNode()};

    private byte[] absurdTime(final String seed) {
        return absurdTime(seed, ABSURD_TIMES);
    }

    private byte[] absurdTime(final String seed, final JsonNode[] times) {
        final ObjectNode node = (ObjectNode) read(seed);
        final JsonNode time = times[random.nextInt(times.length)];
        // The field the record's shape takes its event time from: Winlogbeat's and Metricbeat's @timestamp, NXLog's
        // EventTime, Telegraf's timestamp.
        if (node.has("@timestamp")) {
            node.set("@timestamp", time);
        } else if (node.has("EventTime")) {
            node.set("EventTime", time);
        } else {
            node.set("timestamp", time);
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] structural(final String seed) {
        final JsonNode root = read(seed);
        final List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        final ObjectNode target = objects.get(random.nextInt(objects.size()));
        final List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            target.put("x", 1);
            return root.toString().getBytes(StandardCharsets.UTF_8);
        }
        final String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> target.remove(name);
            case 1 -> target.set(name + "_renamed", target.remove(name));
            default -> target.set(name, randomValue());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(random.nextDouble() * 1e12);
            case 3 -> NODES.textNode("");
            case 4 -> NODES.textNode("\u0000\uFFFD\uD83D\uDCE7 " + random.nextInt());
            case 5 -> NODES.objectNode().put("nested", random.nextInt());
            case 6 -> {
                final ArrayNode a = NODES.arrayNode();
                a.add(random.nextInt()).add("s").addNull();
                yield a;
            }
            case 7 -> NODES.booleanNode(random.nextBoolean());
            case 8 -> NODES.textNode("y".repeat(random.nextInt(20_000)));
            default -> NODES.textNode(String.valueOf(random.nextInt(70_000) - 1000));
        };
    }

    private static void collect(final JsonNode node, final List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
            o.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }

    private static JsonNode read(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("seed is not JSON: " + json, e);
        }
    }
}
