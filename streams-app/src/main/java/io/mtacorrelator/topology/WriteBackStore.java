package io.mtacorrelator.topology;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Decoded state entries kept in memory, written to the logged RocksDB store only when Kafka Streams commits.
 * <p>
 * Every record changes its entry, so writing per record (as a plain store does) encodes and logs the entry far more
 * often than anything reads it back. This store encodes each changed entry once per commit instead. It relies on
 * Kafka Streams calling {@link #flushCache()} on a {@link CachedStateStore} while it prepares a commit, before the
 * input offsets are committed (in the same transaction under exactly-once), as it does for its own record cache: the
 * entries written then are in the changelog exactly when the offsets that produced them are committed. A task that
 * closes dirty, or is recycled, drops the decoded entries ({@link #close()}, {@link #clearCache()}); the store is
 * then restored from the changelog and entries are decoded again on first use.
 *
 * @param <V> the decoded entry
 */
public final class WriteBackStore<V> implements StateStore, CachedStateStore<Bytes, byte[]> {

    /** How an entry becomes bytes and back. */
    public interface Codec<V> {
        byte[] encode(V value);

        V decode(byte[] bytes);
    }

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Codec<V> codec;
    private final int maxEntries;
    private final Map<String, V> entries;
    private final Set<String> dirty = new LinkedHashSet<>();
    private long encoded;

    WriteBackStore(final KeyValueStore<Bytes, byte[]> inner, final Codec<V> codec, final int maxEntries) {
        this.inner = inner;
        this.codec = codec;
        this.maxEntries = maxEntries;
        // Access order: the least recently used clean entries are dropped first; dirty ones wait for the commit.
        this.entries = new LinkedHashMap<>(1024, 0.75f, true);
    }

    /** A logged, uncached RocksDB store under {@code name}, with a write-back layer of at most {@code maxEntries}. */
    public static <V> StoreBuilder<WriteBackStore<V>> builder(final String name, final Codec<V> codec, final int maxEntries) {
        return new Builder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                org.apache.kafka.common.serialization.Serdes.Bytes(), org.apache.kafka.common.serialization.Serdes.ByteArray())
                .withCachingDisabled(), codec, maxEntries);
    }

    /** The entry under {@code key}, decoded from the store when it is not in memory; null when there is none. */
    public V get(final String key) {
        final V cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        final byte[] bytes = inner.get(bytes(key));
        if (bytes == null) {
            return null;
        }
        final V decoded = codec.decode(bytes);
        remember(key, decoded);
        return decoded;
    }

    /** Keeps {@code value} under {@code key}; it is encoded and written at the next commit. */
    public void put(final String key, final V value) {
        remember(key, value);
        dirty.add(key);
    }

    /** Marks an entry obtained from {@link #get} as changed. */
    public void changed(final String key) {
        if (!entries.containsKey(key)) {
            throw new IllegalStateException("entry " + key + " is not in memory; put it instead");
        }
        dirty.add(key);
    }

    /** Every key in the store, decoded entries included (for a task's start: building in-memory indexes). */
    public void forEachStored(final BiConsumer<String, V> action) {
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                final var kv = it.next();
                final String key = new String(kv.key.get(), StandardCharsets.UTF_8);
                final V inMemory = entries.get(key);
                action.accept(key, inMemory != null ? inMemory : codec.decode(kv.value));
            }
        }
        // Entries put since the last commit are not in the store yet.
        for (final String key : dirty) {
            if (inner.get(bytes(key)) == null) {
                action.accept(key, entries.get(key));
            }
        }
    }

    /** Every key in the store and every key put since the last commit, without decoding their entries. */
    public void forEachKey(final java.util.function.Consumer<String> action) {
        final Set<String> seen = new java.util.HashSet<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                final String key = new String(it.next().key.get(), StandardCharsets.UTF_8);
                seen.add(key);
                action.accept(key);
            }
        }
        for (final String key : dirty) {
            if (!seen.contains(key)) {
                action.accept(key);
            }
        }
    }

    /** Entries encoded and written so far (for metrics and tests). */
    public long entriesWritten() {
        return encoded;
    }

    private void remember(final String key, final V value) {
        entries.put(key, value);
        if (entries.size() > maxEntries) {
            final var it = entries.entrySet().iterator();
            while (entries.size() > maxEntries && it.hasNext()) {
                if (!dirty.contains(it.next().getKey())) {
                    it.remove();
                }
            }
        }
    }

    private static Bytes bytes(final String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    // --- the commit hook ---

    @Override
    public void flushCache() {
        for (final String key : dirty) {
            inner.put(bytes(key), codec.encode(entries.get(key)));
            encoded++;
        }
        dirty.clear();
    }

    @Override
    public void clearCache() {
        entries.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(final CacheFlushListener<Bytes, byte[]> listener, final boolean sendOldValues) {
        return false;
    }

    // --- StateStore, delegated ---

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Builds the write-back layer over the logged store the wrapped builder makes. */
    private static final class Builder<V> implements StoreBuilder<WriteBackStore<V>> {
        private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
        private final Codec<V> codec;
        private final int maxEntries;

        Builder(final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, final Codec<V> codec, final int maxEntries) {
            this.inner = inner;
            this.codec = codec;
            this.maxEntries = maxEntries;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("the write-back layer is the cache");
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(final Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(inner.build(), codec, maxEntries);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
