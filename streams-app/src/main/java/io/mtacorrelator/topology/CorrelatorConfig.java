package io.mtacorrelator.topology;

import io.mtacorrelator.diagnosis.DiagnosisSettings;
import io.mtacorrelator.ingest.DatePattern;
import io.mtacorrelator.ingest.Hosts;
import io.mtacorrelator.ingest.InputSettings;
import io.mtacorrelator.registry.RegistrySettings;
import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The application's configuration: {@code mta.*} keys are ours and defined here; every other key is a Kafka
 * Streams (or client) property. Tests build it the same way as production.
 */
public final class CorrelatorConfig extends AbstractConfig {

    public static final String PREFIX = "mta.";

    public static final String TOPIC_RAW = "mta.topic.raw";
    public static final String TOPIC_EVENTS = "mta.topic.events";
    public static final String TOPIC_COUNTERS = "mta.topic.counters";
    public static final String TOPIC_INCIDENTS = "mta.topic.incidents";
    public static final String TOPIC_DEAD_LETTER = "mta.topic.deadletter";
    public static final String SYMPTOM_WINDOW_MS = "mta.q181721.symptom.window.ms";
    public static final String MIN_SAMPLES = "mta.q181721.min.samples";
    public static final String MIN_QUEUE_GROWTH = "mta.q181721.min.queue.growth";
    public static final String ASSOCIATION_THRESHOLD = "mta.association.threshold";
    public static final String STATE_RETENTION_MS = "mta.state.retention.ms";
    public static final String GRACE_MS = "mta.grace.ms";
    public static final String STALE_MS = "mta.incident.stale.ms";
    public static final String IDLE_FLUSH_MS = "mta.idle.flush.ms";
    public static final String PUNCTUATE_INTERVAL_MS = "mta.punctuate.interval.ms";
    public static final String INGEST_PATH = "mta.ingest.path";
    public static final String INGEST_PARTITIONS = "mta.ingest.partitions";
    public static final String STATE_CACHE_ENTRIES = "mta.state.cache.entries";
    public static final String DEAD_LETTER_MAX_BYTES = "mta.deadletter.max.bytes";
    /** Parse and correlate in one task; re-route through the normalised topics only what arrived elsewhere. */
    public static final String PATH_KEYED = "keyed";
    /** Every record through the normalised topics, as two sub-topologies. */
    public static final String PATH_TWO_HOP = "two-hop";
    public static final String FLOOD_COUNT = "mta.q189494.flood.count";
    public static final String SCHEMA_REGISTRY_URL = "mta.schema.registry.url";
    public static final String SCHEMA_REGISTRY_AUTO_REGISTER = "mta.schema.registry.auto.register";
    public static final String SCHEMA_REGISTRY_USER_INFO = "mta.schema.registry.basic.auth.user.info";
    public static final String SCHEMA_REGISTRY_TRUSTSTORE_LOCATION = "mta.schema.registry.ssl.truststore.location";
    public static final String SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = "mta.schema.registry.ssl.truststore.password";
    public static final String SCHEMA_REGISTRY_TRUSTSTORE_TYPE = "mta.schema.registry.ssl.truststore.type";
    public static final String SCHEMA_REGISTRY_KEYSTORE_LOCATION = "mta.schema.registry.ssl.keystore.location";
    public static final String SCHEMA_REGISTRY_KEYSTORE_PASSWORD = "mta.schema.registry.ssl.keystore.password";
    public static final String SCHEMA_REGISTRY_KEYSTORE_TYPE = "mta.schema.registry.ssl.keystore.type";
    public static final String SCHEMA_REGISTRY_KEY_PASSWORD = "mta.schema.registry.ssl.key.password";
    public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "mta.schema.registry.request.timeout.ms";
    public static final String INCIDENT_FORMAT = "mta.incident.format";
    /** The incident topic's default format: the Avro Incident record. */
    public static final String AVRO = "avro";
    /** avro, then every one-line rendering of the render module (json, ecs, ocsf, cef). */
    public static final List<String> INCIDENT_FORMATS = incidentFormats();
    public static final String TOPIC_PARTITIONS = "mta.topic.partitions";
    public static final String TOPIC_REPLICATION = "mta.topic.replication.factor";
    public static final String TOPIC_RETENTION_MS = "mta.topic.retention.ms";
    public static final String STARTUP_TIMEOUT_MS = "mta.startup.timeout.ms";
    public static final String SHUTDOWN_TIMEOUT_MS = "mta.shutdown.timeout.ms";
    public static final String METRICS_PORT = "mta.metrics.port";
    /** {@link #METRICS_PORT}'s value for no endpoint. */
    public static final int METRICS_OFF = -1;
    public static final String INPUT_TIMEZONE = "mta.input.timezone";
    /** {@code mta.input.timezone.<MTA>}: one key per MTA whose clock ran on another zone than the default. */
    public static final String INPUT_TIMEZONE_PREFIX = INPUT_TIMEZONE + ".";
    public static final String INPUT_DATE_PATTERN = "mta.input.date.pattern";
    public static final String INPUT_COMPUTER = "mta.input.computer";

    /** Default max.task.idle.ms: how long a task waits for the other of the two merged topics to have records. */
    static final long MERGE_WAIT_MS = 2000;

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(TOPIC_RAW, Type.LIST, "mta.raw.eventlog,mta.raw.perfcounters", Importance.HIGH,
                    "Topics the shippers write raw JSON to. Any supported format may appear on any of them.")
            .define(TOPIC_EVENTS, Type.STRING, "mta.events", Importance.MEDIUM,
                    "Normalised MSExchangeMTA events (Avro MtaEvent), keyed by MTA, timestamped with event time.")
            .define(TOPIC_COUNTERS, Type.STRING, "mta.counters", Importance.MEDIUM,
                    "Normalised counter samples (Avro CounterSample), keyed by MTA, timestamped with event time.")
            .define(TOPIC_INCIDENTS, Type.STRING, "mta.incidents", Importance.HIGH,
                    "Incident state changes (Avro Incident), keyed by incident id.")
            .define(TOPIC_DEAD_LETTER, Type.STRING, "mta.deadletter", Importance.HIGH,
                    "Raw records that could not be read, unchanged, with headers giving the reason and origin.")
            .define(SYMPTOM_WINDOW_MS, Type.LONG, 15 * 60_000L, Range.atLeast(0), Importance.MEDIUM,
                    "RPC symptoms (9316/1727, 9277/MtaBind) support a diagnosis when logged during the queue's growth "
                            + "or up to this long before it began. The MTA cancels a silent RPC after about two minutes, "
                            + "so the window covers several cancel cycles.")
            .define(MIN_SAMPLES, Type.INT, 3, Range.atLeast(2), Importance.MEDIUM,
                    "Counter samples the queue must have grown over (with nothing sent) before it counts as growing.")
            .define(MIN_QUEUE_GROWTH, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                    "Messages the queue must have gained over those samples. Small enough to open well before the "
                            + "50-message threshold, large enough that a burst of a few messages is not a fault.")
            .define(ASSOCIATION_THRESHOLD, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                    "The MTA's association Threshold (msgs): at this queue length it opens a new association. "
                            + "Exchange's default is 50; set it to your site's value.")
            .define(STATE_RETENTION_MS, Type.LONG, 60 * 60_000L, Range.atLeast(60_000L), Importance.LOW,
                    "How long evaluated samples and events are kept behind an MTA's evaluation horizon (longer while an "
                            + "incident is open).")
            .define(GRACE_MS, Type.LONG, 2 * 60_000L, Range.atLeast(-1), Importance.HIGH,
                    "How far behind an MTA's newest event time a record may arrive and still be used. Signals wait this "
                            + "long (in event time) and are then evaluated in event-time order, so records reordered within "
                            + "the grace give the same incidents; later ones are counted (records-late) and dead-lettered "
                            + "with reason 'late'. -1: wait for the end of the input (correlate, finite replays).")
            .define(STALE_MS, Type.LONG, 30 * 60_000L, Range.atLeast(60_000L), Importance.MEDIUM,
                    "An open incident closes as STALE when its connection sends no counter sample for this long while "
                            + "the MTA keeps reporting (event time), or when nothing at all arrives from the MTA for this "
                            + "long (wall clock): a shipper that stops must not leave incidents open for ever.")
            .define(IDLE_FLUSH_MS, Type.LONG, 5 * 60_000L, Range.atLeast(-1), Importance.LOW,
                    "With mta.grace.ms=-1 (wait for the end of the input): when nothing has arrived from an MTA for this "
                            + "long (wall clock), its waiting signals are evaluated as if the input had ended, a fallback for an "
                            + "end-of-input marker that did not come through every partition. With a grace, the wall clock "
                            + "never evaluates anything (only event time decides what is late, whatever the replay speed). "
                            + "-1: never.")
            .define(PUNCTUATE_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    "How often (wall clock) idle MTAs are checked for the idle flush and the stale close.")
            .define(INGEST_PATH, Type.STRING, PATH_KEYED, ConfigDef.ValidString.in(PATH_KEYED, PATH_TWO_HOP), Importance.MEDIUM,
                    "keyed: a raw record is parsed and correlated in one task when it is on the partition its MTA's state "
                            + "lives on (the partition a record keyed by the MTA gets: replay, or a shipper keying by host "
                            + "with Kafka's default partitioner); any other record goes once through the normalised topics, "
                            + "keyed by MTA. two-hop: every record goes through the normalised topics (two sub-topologies; "
                            + "the normalised topics then carry every event and sample).")
            .define(INGEST_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "Partitions of the raw and normalised topics, which must all be the same for the keyed path. run and "
                            + "correlate read it from the cluster and set it; there is no need to.")
            .define(DEAD_LETTER_MAX_BYTES, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                    "Largest dead letter of an unreadable record written whole (record, key and headers, as the producer "
                            + "counts them); a larger one is written as its headers, with its size and where the original is. "
                            + "run reads it from the cluster (the smaller of the dead-letter topic's max.message.bytes and the "
                            + "producer's max.request.size, less 16 KiB for the batch) and sets it; 0: no limit of our own.")
            .define(STATE_CACHE_ENTRIES, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
                    "MTA states each stream thread keeps decoded in memory (changed ones are written to the state store "
                            + "at each commit). Above it, the least recently used unchanged states are dropped and decoded "
                            + "again when needed.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.HIGH,
                    "A schema registry's Confluent REST API (Confluent Schema Registry or Karapace: http://host:8081; "
                            + "Redpanda: http://host:8081; Apicurio: http://host:8080/apis/ccompat/v7). When set, the "
                            + "normalised and incident topics carry Avro in the Confluent wire format (magic byte, schema id) "
                            + "under subjects <topic>-value; when empty, plain Avro binary without a registry.")
            .define(SCHEMA_REGISTRY_AUTO_REGISTER, Type.BOOLEAN, true, Importance.MEDIUM,
                    "true: register the schemas when first writing. false: only use schemas registered beforehand "
                            + "(register-schemas); a missing subject stops run at start with one line.")
            // Type.PASSWORD: the value is kept as a Password, printed as [hidden] wherever a config is shown.
            .define(SCHEMA_REGISTRY_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "USER:PASSWORD for HTTP basic auth to the registry (Confluent Cloud: API key and secret). A secret: "
                            + "never logged.")
            .define(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                    "Trust store with the CAs of an https registry; empty: the JVM's default CAs.")
            .define(SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                    "Password of the registry trust store. A secret: never logged.")
            .define(SCHEMA_REGISTRY_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW,
                    "Type of the registry trust store: PKCS12 or JKS.")
            .define(SCHEMA_REGISTRY_KEYSTORE_LOCATION, Type.STRING, "", Importance.LOW,
                    "Key store with the client certificate for a registry that wants mutual TLS; empty: none.")
            .define(SCHEMA_REGISTRY_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                    "Password of the registry key store. A secret: never logged.")
            .define(SCHEMA_REGISTRY_KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW,
                    "Type of the registry key store: PKCS12 or JKS.")
            .define(SCHEMA_REGISTRY_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                    "Password of the private key in the registry key store when it differs from the store's. A secret.")
            .define(SCHEMA_REGISTRY_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                    "How long one registry request (connect, then answer) may take before it fails with a line naming the "
                            + "registry.")
            .define(INCIDENT_FORMAT, Type.STRING, AVRO, ConfigDef.ValidString.in(INCIDENT_FORMATS.toArray(String[]::new)),
                    Importance.MEDIUM,
                    "How incidents are written to the incident topic: avro (the Incident schema; with the registry when "
                            + "mta.schema.registry.url is set), json (one JSON object per incident, the fields correlate "
                            + "writes), or a SIEM shape, one record per state change: ecs (Elastic Common Schema alert), "
                            + "ocsf (OCSF 1.8.0 Detection Finding), cef (one ArcSight CEF line).")
            .define(TOPIC_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "Partitions of topics created with --create-topics.")
            .define(TOPIC_REPLICATION, Type.SHORT, (short) -1, Importance.LOW,
                    "Replication factor of topics created with --create-topics; -1: the broker's default.")
            .define(TOPIC_RETENTION_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.LOW,
                    "retention.ms of topics created with --create-topics. -1 (keep) by default because records carry their "
                            + "event times: replayed history would otherwise fall to time-based retention at once.")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1000), Importance.LOW,
                    "How long run waits for the cluster to answer at start before giving up with an error.")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1000), Importance.LOW,
                    "How long run takes at most to close cleanly on SIGTERM (commit, flush, release state).")
            .define(METRICS_PORT, Type.INT, METRICS_OFF, Range.between(METRICS_OFF, 65535), Importance.MEDIUM,
                    "Port of run's HTTP endpoint, on every interface: /metrics (Prometheus text), /health/live and "
                            + "/health/ready (200 or 503, from the Kafka Streams state). -1: off. 0: a free port, logged at start.")
            .define(INPUT_TIMEZONE, Type.STRING, "UTC", CorrelatorConfig::validZone, Importance.MEDIUM,
                    "Time zone (IANA name such as Europe/Berlin, or an offset such as +01:00) of event times written "
                            + "without one: NXLog's EventTime in its default format, and Event Viewer CSV and text exports, "
                            + "which are the local time of the machine that wrote them. Per-MTA overrides: "
                            + INPUT_TIMEZONE_PREFIX + "<MTA>=<zone>. Daylight-saving changes follow the zone's rules.")
            .define(INPUT_DATE_PATTERN, Type.STRING, "", CorrelatorConfig::validDatePattern, Importance.MEDIUM,
                    "Order of day, month and year in Event Viewer exports (their locale's), as a pattern such as "
                            + "dd-MM-yyyy, M/d/yyyy or yyyy/MM/dd. Empty: told from each date where it can be (a field "
                            + "over 12, a four-digit first field, US English M/d/yyyy with AM/PM times); ambiguous dates are "
                            + "dead-lettered naming this key.")
            .define(INPUT_COMPUTER, Type.STRING, "", Importance.MEDIUM,
                    "The computer (MTA) of Event Viewer export rows that name none (Vista and later exports have no "
                            + "Computer column). Empty: such rows are dead-lettered saying so. correlate and replay also "
                            + "take --computer.")
            .define(FLOOD_COUNT, Type.INT, 10, Range.atLeast(2), Importance.LOW,
                    "9277 'RPC inactive' cancels within the symptom window that make a flood (Q189494). A few a day are "
                            + "normal; one every two minutes for twenty minutes is not.");

    private final Map<String, Object> kafkaProperties;
    private final Map<String, ZoneId> zoneByMta;

    private static List<String> incidentFormats() {
        final List<String> formats = new java.util.ArrayList<>(List.of(AVRO));
        Arrays.stream(IncidentFormat.values()).filter(IncidentFormat::isOneLine).map(IncidentFormat::id).forEach(formats::add);
        return List.copyOf(formats);
    }

    public CorrelatorConfig(final Map<String, ?> properties) {
        super(DEFINITION, appKeys(properties), false);
        this.kafkaProperties = new HashMap<>();
        this.zoneByMta = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                kafkaProperties.put(k, v);
            } else if (isPerMtaZone(k)) {
                validZone(k, v);
                zoneByMta.put(Hosts.mtaName(k.substring(INPUT_TIMEZONE_PREFIX.length())), ZoneId.of(v.toString().trim()));
            }
        });
    }

    /** The same configuration with one of our keys set (what the cluster decided, e.g. the ingest partitions). */
    public CorrelatorConfig with(final String key, final Object value) {
        final Map<String, Object> all = new HashMap<>(kafkaProperties);
        all.putAll(originals());
        zoneByMta.forEach((mta, zone) -> all.put(INPUT_TIMEZONE_PREFIX + mta, zone.getId()));
        all.put(key, value);
        return new CorrelatorConfig(all);
    }

    /** Whether an {@code mta.*} key is one of ours: defined, or a per-MTA time zone. */
    public static boolean isKnownKey(final String key) {
        return DEFINITION.names().contains(key) || isPerMtaZone(key);
    }

    private static boolean isPerMtaZone(final String key) {
        return key.startsWith(INPUT_TIMEZONE_PREFIX) && Hosts.mtaName(key.substring(INPUT_TIMEZONE_PREFIX.length())) != null;
    }

    private static void validZone(final String key, final Object value) {
        try {
            ZoneId.of(String.valueOf(value).trim());
        } catch (final DateTimeException e) {
            throw new ConfigException(key, value, "not a time zone: use an IANA name such as Europe/Berlin or "
                    + "America/New_York, UTC, or an offset such as +01:00");
        }
    }

    private static void validDatePattern(final String key, final Object value) {
        try {
            DatePattern.of(value == null ? null : value.toString());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(key, value, e.getMessage());
        }
    }

    private static Map<String, Object> appKeys(final Map<String, ?> properties) {
        final Map<String, Object> app = new HashMap<>();
        final TreeSet<String> unknown = new TreeSet<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                if (DEFINITION.names().contains(k)) {
                    app.put(k, v);
                } else if (!isPerMtaZone(k)) {
                    unknown.add(k);
                }
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key(s): " + String.join(", ", unknown)
                    + " (known mta.* keys: " + String.join(", ", new TreeSet<>(DEFINITION.names())) + ", "
                    + INPUT_TIMEZONE_PREFIX + "<MTA>)");
        }
        return app;
    }

    /** What the parsers must be told: time zones, the date order of exports, the computer of exports without one. */
    public InputSettings inputSettings() {
        return new InputSettings(ZoneId.of(getString(INPUT_TIMEZONE).trim()), zoneByMta,
                DatePattern.of(getString(INPUT_DATE_PATTERN)), getString(INPUT_COMPUTER));
    }

    /** How to reach the schema registry; only meaningful when {@link #SCHEMA_REGISTRY_URL} is set. */
    public RegistrySettings registrySettings() {
        final String url = getString(SCHEMA_REGISTRY_URL);
        return new RegistrySettings(url, getPassword(SCHEMA_REGISTRY_USER_INFO),
                store(SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, SCHEMA_REGISTRY_TRUSTSTORE_TYPE),
                store(SCHEMA_REGISTRY_KEYSTORE_LOCATION, SCHEMA_REGISTRY_KEYSTORE_PASSWORD, SCHEMA_REGISTRY_KEYSTORE_TYPE),
                getPassword(SCHEMA_REGISTRY_KEY_PASSWORD), Duration.ofMillis(getLong(SCHEMA_REGISTRY_TIMEOUT_MS)));
    }

    private RegistrySettings.Store store(final String location, final String password, final String type) {
        final String file = getString(location);
        return file == null || file.isBlank() ? null : new RegistrySettings.Store(file.strip(), getPassword(password), getString(type));
    }

    public DiagnosisSettings diagnosis() {
        final long grace = getLong(GRACE_MS);
        return new DiagnosisSettings(getLong(SYMPTOM_WINDOW_MS), getInt(MIN_SAMPLES), getInt(MIN_QUEUE_GROWTH),
                getInt(ASSOCIATION_THRESHOLD), getLong(STATE_RETENTION_MS), grace < 0 ? Long.MAX_VALUE : grace,
                getLong(STALE_MS), getInt(FLOOD_COUNT));
    }

    /**
     * Kafka Streams properties: our defaults, then whatever the caller gave. Exactly-once so a crash neither
     * loses nor duplicates incidents; explicit naming so state and internal topics survive topology changes.
     */
    public Properties streamsProperties() {
        final Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // Undecodable records on the normalised topics, and dead letters too large for the cluster, never stop us.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, getString(TOPIC_DEAD_LETTER));
        // The correlation merges two topics (events, counters) that the parse step writes in one transaction; its
        // commit markers reach the two partitions a moment apart. A task that then sees only one of them would run
        // the MTA's event time ahead on it and make the other's records late, however fast the replay: wait up to
        // this long for the other partition's records (paid once, when one input is really quiet).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(MERGE_WAIT_MS));
        props.putAll(kafkaProperties);
        return props;
    }
}
