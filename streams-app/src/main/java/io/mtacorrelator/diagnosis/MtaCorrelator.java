package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.Incident;
import io.mtacorrelator.avro.MtaEvent;
import io.mtacorrelator.catalog.EventCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The correlation of one MTA: plain objects in, incidents out, no Kafka. Signals pass the {@link EventTimeGate}
 * (grace, evaluation order, lateness); each due signal updates what the MTA has shown (its events, attributed when
 * evaluated; its connections' samples; its Work Queue Length) and the {@link IncidentLifecycle} reports what the
 * rules make of it; {@link Retention} keeps only what the rules can still read.
 */
public final class MtaCorrelator {

    /** What became of one signal. */
    public record Outcome(List<Incident> incidents, boolean late, long latenessMs) {

        static Outcome of(final List<Incident> incidents) {
            return new Outcome(incidents, false, 0);
        }

        static Outcome lateBy(final long ms) {
            return new Outcome(List.of(), true, ms);
        }
    }

    private final DiagnosisSettings settings;
    private final EventTimeGate gate;
    private final IncidentLifecycle lifecycle;
    private final Retention retention;

    public MtaCorrelator(final DiagnosisSettings settings) {
        this.settings = settings;
        this.gate = new EventTimeGate(settings.graceMs());
        final Q181513Rule rasConnector = new Q181513Rule(settings);
        final Q228901Rule accountOverRas = new Q228901Rule();
        final Q194589Rule associationLimit = new Q194589Rule(settings);
        // Look-alikes first: where their whole pattern is present, it explains the stuck queue better than Q181721.
        final List<ConnectionRule> connectionRules = List.of(rasConnector, accountOverRas,
                new Q170056Rule(settings, List.of(accountOverRas)),
                new Q181721Rule(settings, List.of(rasConnector, accountOverRas, associationLimit)));
        final List<MtaRule> mtaRules = List.of(new Q189494Rule(settings), associationLimit, new Q157068Rule(settings));
        this.lifecycle = new IncidentLifecycle(settings, connectionRules, mtaRules);
        this.retention = new Retention(settings);
    }

    public DiagnosisSettings settings() {
        return settings;
    }

    /** The signal an event gives the correlation: a catalogued event of the MTA; empty for generic ones. */
    public static Optional<Signal> signalOf(final MtaEvent event) {
        return LoggedEvent.of(event).map(Signal.Event::new);
    }

    /** The signal a counter sample gives: a connection's queue, the MTA's Work Queue Length, or none. */
    public static Optional<Signal> signalOf(final CounterSample sample) {
        final Optional<QueuePoint> point = QueuePoint.of(sample);
        if (point.isPresent()) {
            return Optional.of(new Signal.Point(sample.getInstance(), point.get()));
        }
        final Double workQueue = sample.getCounters().get("Work Queue Length");
        if ("MSExchangeMTA".equalsIgnoreCase(sample.getObjectName()) && workQueue != null) {
            return Optional.of(new Signal.WorkQueue(sample.getTimestamp().toEpochMilli(), Math.round(workQueue)));
        }
        return Optional.empty();
    }

    public Outcome onEvent(final MtaState state, final MtaEvent event) {
        return signalOf(event).map(s -> accept(state, s)).orElse(Outcome.of(List.of()));
    }

    public Outcome onSample(final MtaState state, final CounterSample sample) {
        return signalOf(sample).map(s -> accept(state, s)).orElse(Outcome.of(List.of()));
    }

    /** One signal of the MTA's: late, or waiting for the horizon, or evaluated with whatever became due with it. */
    public Outcome accept(final MtaState state, final Signal signal) {
        final EventTimeGate.Admission admission = gate.admit(state, signal);
        if (admission.late()) {
            return Outcome.lateBy(admission.latenessMs());
        }
        return Outcome.of(evaluate(state, admission.advance()));
    }

    /** Evaluates everything still waiting: the input has ended, no more data is coming. */
    public List<Incident> flush(final MtaState state) {
        return evaluate(state, gate.drain(state));
    }

    /**
     * Nothing has arrived from the MTA for a while (wall clock). With a grace, that evaluates nothing: the records
     * still to come may be within the grace of the newest one, and only event time may decide what is late, so
     * a replay slower than real time gives what a fast one gives. Only when waiting for the end of the input
     * ({@code mta.grace.ms=-1}) is idleness taken for the end, as a fallback for an end-of-input marker that did
     * not come through every partition.
     */
    public List<Incident> onIdle(final MtaState state) {
        return gate.waitsForTheEnd() ? flush(state) : List.of();
    }

    /**
     * Closes every open incident of the MTA as stale: nothing has been heard from it for the stale timeout
     * (wall clock), so whether mail flows cannot be told. Signals within the grace keep waiting (see
     * {@link #onIdle}): if the MTA's data resumes they are evaluated in order, and a fault still there opens anew.
     */
    public List<Incident> closeStale(final MtaState state, final String why) {
        final List<Incident> out = new ArrayList<>(onIdle(state));
        lifecycle.closeAllStale(state, why, out);
        return out;
    }

    public boolean hasOpenIncidents(final MtaState state) {
        return openIncidents(state) > 0;
    }

    /** Incidents open for the MTA: one per connection with an episode, one per article of the MTA as a whole. */
    public int openIncidents(final MtaState state) {
        return state.mtaEpisodes.size() + state.openConnectionEpisodes;
    }

    private List<Incident> evaluate(final MtaState state, final EventTimeGate.Advance advance) {
        if (advance == null) {
            return List.of();
        }
        final List<Incident> out = new ArrayList<>();
        for (final Signal signal : advance.due()) {
            evaluate(state, signal, out);
        }
        state.evaluatedUntil = advance.upTo();
        retention.afterAdvance(state);
        return out;
    }

    private void evaluate(final MtaState state, final Signal signal, final List<Incident> out) {
        final long now = signal.time();
        if (signal instanceof Signal.Event arrived) {
            // Shippers deliver at least once: the same event again (same time and identity) is a retry.
            if (!state.firstDelivery(arrived.event())) {
                return;
            }
            final LoggedEvent e = Attribution.attribute(state, arrived.event());
            state.events.add(e);
            if (e.is(EventCatalogue.MTA_STARTED)) {
                state.restarts.add(now);
            }
            lifecycle.onEvent(state, now, out);
        } else if (signal instanceof Signal.Point sample) {
            final ConnectionState conn = state.connections.computeIfAbsent(sample.remote(), ConnectionState::new);
            final QueuePoint last = conn.last();
            final boolean redelivered = last != null && last.time() == sample.point().time();
            if (redelivered) {
                // A redelivered sample: the newer reading replaces the older one.
                conn.points.set(conn.points.size() - 1, sample.point());
            } else {
                conn.points.add(sample.point());
            }
            retention.afterSample(state, conn, redelivered);
            lifecycle.onSample(state, conn, out);
        } else if (signal instanceof Signal.WorkQueue workQueue) {
            state.lastWorkQueue = new long[] {now, workQueue.length()};
        }
        lifecycle.onMta(state, signal, now, out);
        lifecycle.closeSilentConnections(state, now, out);
    }
}
