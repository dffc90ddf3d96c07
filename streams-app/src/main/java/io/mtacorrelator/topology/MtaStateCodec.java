package io.mtacorrelator.topology;

import io.mtacorrelator.avro.state.AddressMapping;
import io.mtacorrelator.avro.state.EpisodeEnded;
import io.mtacorrelator.avro.state.LtabAddress;
import io.mtacorrelator.avro.state.LtabMapping;
import io.mtacorrelator.avro.state.MtaStateEntry;
import io.mtacorrelator.avro.state.SeenAt;
import io.mtacorrelator.avro.state.StoredAlternative;
import io.mtacorrelator.avro.state.StoredConnection;
import io.mtacorrelator.avro.state.StoredEpisode;
import io.mtacorrelator.avro.state.StoredEvent;
import io.mtacorrelator.avro.state.StoredPoint;
import io.mtacorrelator.avro.state.WaitingPoint;
import io.mtacorrelator.avro.state.WaitingWorkQueue;
import io.mtacorrelator.diagnosis.Alternative;
import io.mtacorrelator.diagnosis.ConnectionState;
import io.mtacorrelator.diagnosis.Episode;
import io.mtacorrelator.diagnosis.LoggedEvent;
import io.mtacorrelator.diagnosis.MtaState;
import io.mtacorrelator.diagnosis.QueuePoint;
import io.mtacorrelator.diagnosis.Signal;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An MTA's correlation state as bytes: a format-version byte, then the Avro binary of {@link MtaStateEntry}
 * (schemas/src/main/avro/MtaStateEntry.avsc). Entries written by an earlier format are read through Avro's schema
 * resolution with the writer schema of their version, so the state's evolution is checked as the topics' schemas are.
 * Times within a list are written as differences to the one before, so a point or an event takes a few bytes.
 */
public final class MtaStateCodec implements WriteBackStore.Codec<MtaState> {

    /** The format this code writes. */
    public static final byte VERSION = 1;
    /** Writer schemas of every version this code reads, by version. */
    private static final Map<Byte, Schema> WRITERS = Map.of(VERSION, MtaStateEntry.getClassSchema());

    private final SpecificDatumWriter<MtaStateEntry> writer = new SpecificDatumWriter<>(MtaStateEntry.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Override
    public byte[] encode(final MtaState state) {
        buffer.reset();
        buffer.write(VERSION);
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            writer.write(toEntry(state), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @Override
    public MtaState decode(final byte[] bytes) {
        final Schema writerSchema = WRITERS.get(bytes[0]);
        if (writerSchema == null) {
            throw new IllegalStateException("state entry of format version " + bytes[0] + "; this version reads " + WRITERS.keySet()
                    + " (a newer correlator wrote it: run the newer version, or reset the application)");
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, decoder);
        try {
            return fromEntry(new SpecificDatumReader<MtaStateEntry>(writerSchema, MtaStateEntry.getClassSchema()).read(null, decoder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a state entry: " + e.getMessage(), e);
        }
    }

    // --- to the stored form ---

    static MtaStateEntry toEntry(final MtaState s) {
        final List<Object> waiting = new ArrayList<>(s.grace.size());
        long previous = 0;
        for (final Signal signal : s.grace.signals()) {
            if (signal instanceof Signal.Event e) {
                waiting.add(event(e.event(), previous));
            } else if (signal instanceof Signal.Point p) {
                waiting.add(new WaitingPoint(p.remote(), point(p.point(), previous)));
            } else if (signal instanceof Signal.WorkQueue w) {
                waiting.add(new WaitingWorkQueue(w.time() - previous, w.length()));
            }
            previous = signal.time();
        }
        final List<StoredEvent> events = new ArrayList<>(s.events.size());
        previous = 0;
        for (final LoggedEvent e : s.events) {
            events.add(event(e, previous));
            previous = e.time();
        }
        final List<SeenAt> seen = new ArrayList<>(s.seenEvents.size());
        s.seenEvents.forEach((time, ids) -> seen.add(new SeenAt(time, new ArrayList<>(ids))));
        final List<StoredConnection> connections = new ArrayList<>(s.connections.size());
        for (final ConnectionState c : s.connections.values()) {
            final List<StoredPoint> points = new ArrayList<>(c.points.size());
            previous = 0;
            for (final QueuePoint p : c.points) {
                points.add(point(p, previous));
                previous = p.time();
            }
            connections.add(new StoredConnection(c.remoteMta, points, c.runFrom, c.episode == null ? null : episode(c.episode),
                    c.episodeEnded));
        }
        final List<LtabMapping> ltabs = new ArrayList<>();
        s.ltabToRemote.forEach((ltab, remote) -> ltabs.add(new LtabMapping(ltab, remote, s.ltabLearnt.get(ltab))));
        final List<LtabAddress> ltabAddresses = new ArrayList<>();
        s.ltabAddress.forEach((ltab, address) -> ltabAddresses.add(new LtabAddress(ltab, address)));
        final List<AddressMapping> addresses = new ArrayList<>();
        s.addressToRemote.forEach((address, remote) -> addresses.add(new AddressMapping(address, remote, s.addressLearnt.get(address))));
        final List<StoredEpisode> mtaEpisodes = new ArrayList<>();
        s.mtaEpisodes.values().forEach(ep -> mtaEpisodes.add(episode(ep)));
        final List<EpisodeEnded> ended = new ArrayList<>();
        s.mtaEpisodeEnded.forEach((kb, time) -> ended.add(new EpisodeEnded(kb, time)));
        return MtaStateEntry.newBuilder()
                .setMta(s.mta)
                .setMaxEventTime(s.maxEventTime)
                .setEvaluatedUntil(s.evaluatedUntil)
                .setWaiting(waiting)
                .setEvents(events)
                .setSeenEvents(seen)
                .setConnections(connections)
                .setLtabs(ltabs)
                .setLtabAddresses(ltabAddresses)
                .setAddresses(addresses)
                .setLastWorkQueue(s.lastWorkQueue == null ? null : new WaitingWorkQueue(s.lastWorkQueue[0], s.lastWorkQueue[1]))
                .setRestarts(new ArrayList<>(s.restarts))
                .setMtaEpisodes(mtaEpisodes)
                .setMtaEpisodesEnded(ended)
                .setRecheckMtaRules(s.recheckMtaRules)
                .build();
    }

    private static StoredEvent event(final LoggedEvent e, final long previousTime) {
        return new StoredEvent(e.time() - previousTime, e.eventId(), e.ntError(), e.operation(), e.ltabIndex(), e.remoteServer(),
                e.remoteAddress(), e.identity(), e.owner());
    }

    private static StoredPoint point(final QueuePoint p, final long previousTime) {
        return new StoredPoint(p.time() - previousTime, p.queueLength(), p.associations(), p.outboundTotal(), p.sendRate(),
                p.failedOutbound());
    }

    private static StoredEpisode episode(final Episode ep) {
        final List<StoredAlternative> alternatives = new ArrayList<>(ep.alternatives.size());
        ep.alternatives.forEach(a -> alternatives.add(new StoredAlternative(a.kb(), a.why())));
        return new StoredEpisode(ep.incidentId, ep.kb, ep.remote, ep.runStart, ep.evidenceStart, ep.queueAtStart, ep.peakQueue,
                ep.firstSeen, ep.detectedAt, ep.lastSeen, ep.confidence, ep.levelReported, new ArrayList<>(ep.evidenceKinds),
                alternatives);
    }

    // --- from the stored form ---

    static MtaState fromEntry(final MtaStateEntry entry) {
        final MtaState s = new MtaState(entry.getMta());
        s.maxEventTime = entry.getMaxEventTime();
        s.evaluatedUntil = entry.getEvaluatedUntil();
        long previous = 0;
        for (final Object w : entry.getWaiting()) {
            final Signal signal;
            if (w instanceof StoredEvent e) {
                signal = new Signal.Event(event(e, previous));
            } else if (w instanceof WaitingPoint p) {
                signal = new Signal.Point(p.getRemote(), point(p.getPoint(), previous));
            } else {
                final WaitingWorkQueue q = (WaitingWorkQueue) w;
                signal = new Signal.WorkQueue(q.getTime() + previous, q.getLength());
            }
            // Stored in evaluation order: each is appended.
            s.grace.add(signal);
            previous = signal.time();
        }
        previous = 0;
        for (final StoredEvent e : entry.getEvents()) {
            final LoggedEvent event = event(e, previous);
            s.events.add(event);
            previous = event.time();
        }
        for (final SeenAt at : entry.getSeenEvents()) {
            s.seenEvents.put(at.getTime(), new ArrayList<>(at.getIdentities()));
        }
        for (final StoredConnection c : entry.getConnections()) {
            final ConnectionState conn = new ConnectionState(c.getRemoteMta());
            previous = 0;
            for (final StoredPoint p : c.getPoints()) {
                final QueuePoint point = point(p, previous);
                conn.points.add(point);
                previous = point.time();
            }
            conn.runFrom = c.getRunFrom();
            conn.episode = c.getEpisode() == null ? null : episode(c.getEpisode());
            conn.episodeEnded = c.getEpisodeEnded();
            s.connections.put(conn.remoteMta, conn);
            if (conn.episode != null) {
                s.openConnectionEpisodes++;
            }
        }
        for (final LtabMapping m : entry.getLtabs()) {
            s.ltabToRemote.put(m.getLtab(), m.getRemote());
            s.ltabLearnt.put(m.getLtab(), m.getLearnt());
        }
        for (final LtabAddress a : entry.getLtabAddresses()) {
            s.ltabAddress.put(a.getLtab(), a.getAddress());
        }
        for (final AddressMapping m : entry.getAddresses()) {
            s.addressToRemote.put(m.getAddress(), m.getRemote());
            s.addressLearnt.put(m.getAddress(), m.getLearnt());
        }
        s.lastWorkQueue = entry.getLastWorkQueue() == null ? null
                : new long[] {entry.getLastWorkQueue().getTime(), entry.getLastWorkQueue().getLength()};
        s.restarts.addAll(entry.getRestarts());
        for (final StoredEpisode ep : entry.getMtaEpisodes()) {
            s.mtaEpisodes.put(ep.getKb(), episode(ep));
        }
        for (final EpisodeEnded e : entry.getMtaEpisodesEnded()) {
            s.mtaEpisodeEnded.put(e.getKb(), e.getTime());
        }
        s.recheckMtaRules = entry.getRecheckMtaRules();
        return s;
    }

    private static LoggedEvent event(final StoredEvent e, final long previousTime) {
        return new LoggedEvent(e.getTime() + previousTime, e.getEventId(), e.getNtError(), e.getOperation(), e.getLtabIndex(),
                e.getRemoteServer(), e.getRemoteAddress(), e.getIdentity(), e.getOwner());
    }

    private static QueuePoint point(final StoredPoint p, final long previousTime) {
        return new QueuePoint(p.getTime() + previousTime, p.getQueueLength(), p.getAssociations(), p.getOutboundTotal(),
                p.getSendRate(), p.getFailedOutbound());
    }

    private static Episode episode(final StoredEpisode s) {
        final Episode ep = new Episode();
        ep.incidentId = s.getIncidentId();
        ep.kb = s.getKb();
        ep.remote = s.getRemote();
        ep.runStart = s.getRunStart();
        ep.evidenceStart = s.getEvidenceStart();
        ep.queueAtStart = s.getQueueAtStart();
        ep.peakQueue = s.getPeakQueue();
        ep.firstSeen = s.getFirstSeen();
        ep.detectedAt = s.getDetectedAt();
        ep.lastSeen = s.getLastSeen();
        ep.confidence = s.getConfidence();
        ep.levelReported = s.getLevelReported();
        ep.evidenceKinds = new TreeSet<>(s.getEvidenceKinds());
        final List<Alternative> alternatives = new ArrayList<>();
        s.getAlternatives().forEach(a -> alternatives.add(new Alternative(a.getKb(), a.getWhy())));
        ep.alternatives = alternatives;
        return ep;
    }
}
