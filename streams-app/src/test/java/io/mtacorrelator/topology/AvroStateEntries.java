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
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle of {@link MtaStateCodec}: the state as the generated {@link MtaStateEntry}, written and read by Avro's
 * own datum writer and reader for the schema (the codec's former path, kept here as the reference its hand-written
 * fields are held to).
 */
final class AvroStateEntries {

    private AvroStateEntries() {
    }

    /** The codec's bytes as Avro's datum writer gives them: the version byte, then the entry. */
    static byte[] encode(final MtaState state) {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        buffer.write(MtaStateCodec.VERSION);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
        try {
            new SpecificDatumWriter<>(MtaStateEntry.class).write(toEntry(state), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The entry Avro's datum reader reads from the codec's bytes (after the version byte). */
    static MtaStateEntry read(final byte[] bytes) {
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
        try {
            return new SpecificDatumReader<>(MtaStateEntry.class).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        return new StoredPoint(p.time() - previousTime, p.queueLength(), p.associations(),
                p.has(QueuePoint.OUTBOUND_TOTAL) ? p.outboundTotal() : null, p.has(QueuePoint.SEND_RATE) ? p.sendRate() : null,
                p.has(QueuePoint.FAILED_OUTBOUND) ? p.failedOutbound() : null);
    }

    private static StoredEpisode episode(final Episode ep) {
        final List<StoredAlternative> alternatives = new ArrayList<>(ep.alternatives.size());
        ep.alternatives.forEach(a -> alternatives.add(new StoredAlternative(a.kb(), a.why())));
        return new StoredEpisode(ep.incidentId, ep.kb, ep.remote, ep.runStart, ep.evidenceStart, ep.queueAtStart, ep.peakQueue,
                ep.firstSeen, ep.detectedAt, ep.lastSeen, ep.confidence, ep.levelReported, new ArrayList<>(ep.evidenceKinds),
                alternatives);
    }
}
