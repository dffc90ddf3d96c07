package io.mtacorrelator.topology;

import io.mtacorrelator.diagnosis.Alternative;
import io.mtacorrelator.diagnosis.ConnectionState;
import io.mtacorrelator.diagnosis.Episode;
import io.mtacorrelator.diagnosis.LoggedEvent;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.QueuePoint;
import io.mtacorrelator.diagnosis.Signal;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An MTA's correlation state as bytes: a format-version byte, then the Avro binary of the record {@code MtaStateEntry}
 * (schemas/src/main/avro/MtaStateEntry.avsc), the contract of the stored state.
 * <p>
 * The fields are written and read here one by one, in the schema's order, straight from and into the state, with
 * Avro's own binary encoder and decoder: going through the generated {@code MtaStateEntry} objects and Avro's
 * reflective datum writer cost a third of the engine's time at commit (BENCHMARKS.md). The price is that this class
 * must follow the schema by hand; {@code MtaStateCodecTest} holds it to the bytes Avro's datum writer gives for the
 * schema. A change of the schema takes a new version byte, and the reader of every older version is kept here.
 * Times within a list are written as differences to the one before, so a point or an event takes a few bytes.
 */
public final class MtaStateCodec implements WriteBackStore.Codec<MtaState> {

    /** The format this code writes, and the only one it reads so far. */
    public static final byte VERSION = 1;

    /** Union branches of an element of {@code waiting}, in the schema's order. */
    private static final int WAITING_EVENT = 0;
    private static final int WAITING_POINT = 1;
    private static final int WAITING_WORK_QUEUE = 2;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Override
    public byte[] encode(final MtaState state) {
        buffer.reset();
        buffer.write(VERSION);
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            write(state, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public MtaState decode(final byte[] bytes) {
        if (bytes[0] != VERSION) {
            throw new IllegalStateException("state entry of format version " + bytes[0] + "; this version reads [" + VERSION
                    + "] (a newer correlator wrote it: run the newer version, or reset the application)");
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, decoder);
        try {
            return read(decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a state entry: " + e.getMessage(), e);
        }
    }

    // --- writing, field by field in the schema's order ---

    private static void write(final MtaState s, final BinaryEncoder out) throws IOException {
        out.writeString(s.mta);
        out.writeLong(s.maxEventTime);
        out.writeLong(s.evaluatedUntil);
        final List<Signal> waiting = s.grace.signals();
        arrayStart(out, waiting.size());
        long previous = 0;
        for (final Signal signal : waiting) {
            out.startItem();
            if (signal instanceof Signal.Event e) {
                out.writeIndex(WAITING_EVENT);
                writeEvent(e.event(), previous, out);
            } else if (signal instanceof Signal.Point p) {
                out.writeIndex(WAITING_POINT);
                out.writeString(p.remote());
                writePoint(p.point(), previous, out);
            } else if (signal instanceof Signal.WorkQueue w) {
                out.writeIndex(WAITING_WORK_QUEUE);
                out.writeLong(w.time() - previous);
                out.writeLong(w.length());
            }
            previous = signal.time();
        }
        out.writeArrayEnd();
        arrayStart(out, s.events.size());
        previous = 0;
        for (final LoggedEvent e : s.events) {
            out.startItem();
            writeEvent(e, previous, out);
            previous = e.time();
        }
        out.writeArrayEnd();
        arrayStart(out, s.seenEvents.size());
        for (final Map.Entry<Long, List<String>> at : s.seenEvents.entrySet()) {
            out.startItem();
            out.writeLong(at.getKey());
            writeStrings(at.getValue(), out);
        }
        out.writeArrayEnd();
        arrayStart(out, s.connections.size());
        for (final ConnectionState c : s.connections.values()) {
            out.startItem();
            writeConnection(c, out);
        }
        out.writeArrayEnd();
        arrayStart(out, s.ltabToRemote.size());
        for (final Map.Entry<Integer, String> m : s.ltabToRemote.entrySet()) {
            out.startItem();
            out.writeInt(m.getKey());
            out.writeString(m.getValue());
            out.writeLong(s.ltabLearnt.get(m.getKey()));
        }
        out.writeArrayEnd();
        arrayStart(out, s.ltabAddress.size());
        for (final Map.Entry<Integer, String> a : s.ltabAddress.entrySet()) {
            out.startItem();
            out.writeInt(a.getKey());
            out.writeString(a.getValue());
        }
        out.writeArrayEnd();
        arrayStart(out, s.addressToRemote.size());
        for (final Map.Entry<String, String> m : s.addressToRemote.entrySet()) {
            out.startItem();
            out.writeString(m.getKey());
            out.writeString(m.getValue());
            out.writeLong(s.addressLearnt.get(m.getKey()));
        }
        out.writeArrayEnd();
        if (s.lastWorkQueue == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeLong(s.lastWorkQueue[0]);
            out.writeLong(s.lastWorkQueue[1]);
        }
        arrayStart(out, s.restarts.size());
        for (final long t : s.restarts) {
            out.startItem();
            out.writeLong(t);
        }
        out.writeArrayEnd();
        arrayStart(out, s.mtaEpisodes.size());
        for (final Episode ep : s.mtaEpisodes.values()) {
            out.startItem();
            writeEpisode(ep, out);
        }
        out.writeArrayEnd();
        arrayStart(out, s.mtaEpisodeEnded.size());
        for (final Map.Entry<String, Long> e : s.mtaEpisodeEnded.entrySet()) {
            out.startItem();
            out.writeString(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeArrayEnd();
        out.writeBoolean(s.recheckMtaRules);
    }

    private static void writeConnection(final ConnectionState c, final BinaryEncoder out) throws IOException {
        out.writeString(c.remoteMta);
        arrayStart(out, c.points.size());
        long previous = 0;
        for (final QueuePoint p : c.points) {
            out.startItem();
            writePoint(p, previous, out);
            previous = p.time();
        }
        out.writeArrayEnd();
        out.writeLong(c.runFrom);
        if (c.episode == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeEpisode(c.episode, out);
        }
        out.writeLong(c.episodeEnded);
    }

    private static void writeEvent(final LoggedEvent e, final long previousTime, final BinaryEncoder out) throws IOException {
        out.writeLong(e.time() - previousTime);
        out.writeInt(e.eventId());
        writeNullable(e.ntError(), out);
        writeNullable(e.operation(), out);
        writeNullable(e.ltabIndex(), out);
        writeNullable(e.remoteServer(), out);
        writeNullable(e.remoteAddress(), out);
        out.writeString(e.identity());
        writeNullable(e.owner(), out);
    }

    private static void writePoint(final QueuePoint p, final long previousTime, final BinaryEncoder out) throws IOException {
        out.writeLong(p.time() - previousTime);
        out.writeInt(p.queueLength());
        out.writeInt(p.associations());
        writeCounter(p, QueuePoint.OUTBOUND_TOTAL, p.outboundTotal(), out);
        writeCounter(p, QueuePoint.SEND_RATE, p.sendRate(), out);
        writeCounter(p, QueuePoint.FAILED_OUTBOUND, p.failedOutbound(), out);
    }

    private static void writeEpisode(final Episode ep, final BinaryEncoder out) throws IOException {
        out.writeString(ep.incidentId);
        out.writeString(ep.kb);
        writeNullable(ep.remote, out);
        out.writeLong(ep.runStart);
        out.writeLong(ep.evidenceStart);
        out.writeInt(ep.queueAtStart);
        out.writeInt(ep.peakQueue);
        out.writeLong(ep.firstSeen);
        out.writeLong(ep.detectedAt);
        out.writeLong(ep.lastSeen);
        out.writeString(ep.confidence);
        out.writeInt(ep.levelReported);
        writeStrings(ep.evidenceKinds, out);
        arrayStart(out, ep.alternatives.size());
        for (final Alternative a : ep.alternatives) {
            out.startItem();
            out.writeString(a.kb());
            out.writeString(a.why());
        }
        out.writeArrayEnd();
    }

    private static void writeStrings(final Collection<String> strings, final BinaryEncoder out) throws IOException {
        arrayStart(out, strings.size());
        for (final String s : strings) {
            out.startItem();
            out.writeString(s);
        }
        out.writeArrayEnd();
    }

    private static void arrayStart(final BinaryEncoder out, final int size) throws IOException {
        out.writeArrayStart();
        out.setItemCount(size);
    }

    /** A {@code ["null", "string"]} union: branch 0 for null. */
    private static void writeNullable(final String value, final BinaryEncoder out) throws IOException {
        out.writeIndex(value == null ? 0 : 1);
        if (value != null) {
            out.writeString(value);
        }
    }

    private static void writeNullable(final Integer value, final BinaryEncoder out) throws IOException {
        out.writeIndex(value == null ? 0 : 1);
        if (value != null) {
            out.writeInt(value);
        }
    }

    /** A counter of a point as a {@code ["null", "double"]} union: branch 0 when it was not shipped. */
    private static void writeCounter(final QueuePoint p, final int counter, final double value, final BinaryEncoder out) throws IOException {
        out.writeIndex(p.has(counter) ? 1 : 0);
        if (p.has(counter)) {
            out.writeDouble(value);
        }
    }

    // --- reading, the mirror of writing ---

    private static MtaState read(final BinaryDecoder in) throws IOException {
        final MtaState s = new MtaState(in.readString());
        s.maxEventTime = in.readLong();
        s.evaluatedUntil = in.readLong();
        long previous = 0;
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final int branch = in.readIndex();
                final Signal signal;
                if (branch == WAITING_EVENT) {
                    signal = new Signal.Event(readEvent(previous, in));
                } else if (branch == WAITING_POINT) {
                    final String remote = in.readString();
                    signal = new Signal.Point(remote, readPoint(previous, in));
                } else if (branch == WAITING_WORK_QUEUE) {
                    final long time = in.readLong() + previous;
                    signal = new Signal.WorkQueue(time, in.readLong());
                } else {
                    throw new IOException("waiting signal of union branch " + branch);
                }
                // Stored in evaluation order: each is appended.
                s.grace.add(signal);
                previous = signal.time();
            }
        }
        previous = 0;
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final LoggedEvent event = readEvent(previous, in);
                s.events.add(event);
                previous = event.time();
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final long time = in.readLong();
                s.seenEvents.put(time, readStrings(new ArrayList<>(), in));
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final ConnectionState conn = readConnection(in);
                s.connections.put(conn.remoteMta, conn);
                if (conn.episode != null) {
                    s.openConnectionEpisodes++;
                }
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final int ltab = in.readInt();
                s.ltabToRemote.put(ltab, in.readString());
                s.ltabLearnt.put(ltab, in.readLong());
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final int ltab = in.readInt();
                s.ltabAddress.put(ltab, in.readString());
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final String address = in.readString();
                s.addressToRemote.put(address, in.readString());
                s.addressLearnt.put(address, in.readLong());
            }
        }
        if (in.readIndex() == 1) {
            final long time = in.readLong();
            s.lastWorkQueue = new long[] {time, in.readLong()};
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                s.restarts.add(in.readLong());
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final Episode ep = readEpisode(in);
                s.mtaEpisodes.put(ep.kb, ep);
            }
        }
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final String kb = in.readString();
                s.mtaEpisodeEnded.put(kb, in.readLong());
            }
        }
        s.recheckMtaRules = in.readBoolean();
        return s;
    }

    private static ConnectionState readConnection(final BinaryDecoder in) throws IOException {
        final ConnectionState conn = new ConnectionState(in.readString());
        long previous = 0;
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final QueuePoint point = readPoint(previous, in);
                conn.points.add(point);
                previous = point.time();
            }
        }
        conn.runFrom = in.readLong();
        conn.episode = in.readIndex() == 0 ? null : readEpisode(in);
        conn.episodeEnded = in.readLong();
        return conn;
    }

    private static LoggedEvent readEvent(final long previousTime, final BinaryDecoder in) throws IOException {
        final long time = in.readLong() + previousTime;
        final int eventId = in.readInt();
        final Integer ntError = readNullableInt(in);
        final String operation = readNullableString(in);
        final Integer ltabIndex = readNullableInt(in);
        final String remoteServer = readNullableString(in);
        final String remoteAddress = readNullableString(in);
        final String identity = in.readString();
        final String owner = readNullableString(in);
        return new LoggedEvent(time, eventId, ntError, operation, ltabIndex, remoteServer, remoteAddress, identity, owner);
    }

    private static QueuePoint readPoint(final long previousTime, final BinaryDecoder in) throws IOException {
        final long time = in.readLong() + previousTime;
        final int queueLength = in.readInt();
        final int associations = in.readInt();
        // Each counter is a ["null", "double"] union: branch 1 when it was shipped.
        int shipped = 0;
        double outboundTotal = 0;
        double sendRate = 0;
        double failedOutbound = 0;
        if (in.readIndex() == 1) {
            outboundTotal = in.readDouble();
            shipped |= QueuePoint.OUTBOUND_TOTAL;
        }
        if (in.readIndex() == 1) {
            sendRate = in.readDouble();
            shipped |= QueuePoint.SEND_RATE;
        }
        if (in.readIndex() == 1) {
            failedOutbound = in.readDouble();
            shipped |= QueuePoint.FAILED_OUTBOUND;
        }
        return new QueuePoint(time, queueLength, associations, outboundTotal, sendRate, failedOutbound, shipped);
    }

    private static Episode readEpisode(final BinaryDecoder in) throws IOException {
        final Episode ep = new Episode();
        ep.incidentId = in.readString();
        ep.kb = in.readString();
        ep.remote = readNullableString(in);
        ep.runStart = in.readLong();
        ep.evidenceStart = in.readLong();
        ep.queueAtStart = in.readInt();
        ep.peakQueue = in.readInt();
        ep.firstSeen = in.readLong();
        ep.detectedAt = in.readLong();
        ep.lastSeen = in.readLong();
        ep.confidence = in.readString();
        ep.levelReported = in.readInt();
        ep.evidenceKinds = readStrings(new TreeSet<>(), in);
        final List<Alternative> alternatives = new ArrayList<>();
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                final String kb = in.readString();
                alternatives.add(new Alternative(kb, in.readString()));
            }
        }
        ep.alternatives = alternatives;
        return ep;
    }

    private static <C extends Collection<String>> C readStrings(final C into, final BinaryDecoder in) throws IOException {
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                into.add(in.readString());
            }
        }
        return into;
    }

    private static String readNullableString(final BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readString();
    }

    private static Integer readNullableInt(final BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readInt();
    }
}
