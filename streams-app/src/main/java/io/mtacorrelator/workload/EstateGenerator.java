package io.mtacorrelator.workload;

import io.mtacorrelator.workload.ShipperShapes.CounterShipper;
import io.mtacorrelator.workload.ShipperShapes.EventShipper;
import io.mtacorrelator.workload.ShipperShapes.LogEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates a realistic Exchange estate as its shippers would publish it, in event-time order, deterministically
 * from the seed, and remembers which faults it planted.
 * <p>
 * Every MTA sends to {@code connectionsPerMta} other MTAs of the estate. Its counters are sampled every
 * {@code sampleSeconds} (Telegraf; Metricbeat for a tenth of the MTAs): one MSExchangeMTA Connections sample per
 * connection and one MSExchangeMTA sample. Its event log (Winlogbeat 8 for half the MTAs, NXLog for the others)
 * carries the noise of a healthy estate: a 9277 "RPC inactive" cancel every few minutes, a single 9316/1727 now
 * and then, MTA restarts (9299, 9298, totals back to zero), and Netlogon 5719 when a domain controller reboots.
 * Healthy connections deliver what arrives; their queues stay between 0 and 3.
 * <p>
 * Faults are planted at {@code episodesPerMtaHour}, at most one at a time per MTA: Q181721 (the queue grows over an
 * open association with nothing sent, with 9316/1727 and 9277/MtaBind, until the threshold opens a new association)
 * and its look-alikes Q170056, Q181513, Q228901, Q189494 and Q194589 with their own pictures. Single 9316 blips and
 * restarts are kept away from planted faults, so that what a correct correlator must report is unambiguous; a
 * Netlogon 5719 may fall anywhere, as a domain controller's reboot does.
 */
public final class EstateGenerator {

    /** The association threshold the planted episodes run up to (Exchange's default). */
    public static final int THRESHOLD = 50;
    /** Planted faults keep this far from each other, and single blips and restarts keep this far from them. */
    static final long QUIET_AROUND_EPISODE_MS = 20 * 60_000L;
    /** A planted Q181721 is decisive once its queue has grown this much over at least this many samples, with a symptom. */
    static final int DECISIVE_Q181721_GROWTH = 8;
    static final int DECISIVE_SAMPLES = 4;
    /** Episodes start no later than this before the estate's expected end, so they can complete their evidence. */
    static final long EPISODE_LEAD_MS = 20 * 60_000L;

    /** What was generated. */
    public record Result(long records, long eventRecords, long counterRecords, long firstMs, long lastMs,
                         List<PlantedEpisode> planted) {
    }

    private final EstateSpec spec;
    private final long intervalMs;

    public EstateGenerator(final EstateSpec spec) {
        this.spec = spec;
        this.intervalMs = spec.sampleSeconds() * 1000L;
    }

    /** MTA names of the estate, in order: EXCH0001, EXCH0002, ... */
    public static String mtaName(final int index) {
        return String.format("EXCH%04d", index + 1);
    }

    /**
     * Calls {@code sink} with every record in event-time order. Returns the counts and the planted episodes whose
     * evidence was complete within the generated time (an episode cut short by the end is not counted as planted).
     */
    public Result generate(final Consumer<WorkloadRecord> sink) {
        final long start = spec.start().toEpochMilli();
        final int perTick = spec.mtas() * (spec.connectionsPerMta() + 1);
        final long expectedTicks = Math.max(1, (spec.records() + perTick - 1) / perTick);
        final long expectedEnd = start + expectedTicks * intervalMs;
        final List<MtaSim> mtas = new ArrayList<>(spec.mtas());
        for (int i = 0; i < spec.mtas(); i++) {
            mtas.add(new MtaSim(i, start, expectedEnd));
        }
        final List<Pending> tick = new ArrayList<>(perTick * 2);
        final Comparator<Pending> order = Comparator.comparingLong((Pending p) -> p.timeMs).thenComparingLong(p -> p.seq);
        long emitted = 0;
        long events = 0;
        long lastMs = start;
        for (long t = start; emitted < spec.records(); t += intervalMs) {
            tick.clear();
            for (final MtaSim mta : mtas) {
                mta.tick(t, tick);
            }
            tick.sort(order);
            for (final Pending p : tick) {
                if (emitted == spec.records()) {
                    break;
                }
                sink.accept(new WorkloadRecord(p.mta, p.timeMs, p.counter, p.text.getBytes(StandardCharsets.UTF_8)));
                emitted++;
                events += p.counter ? 0 : 1;
                lastMs = p.timeMs;
            }
        }
        final List<PlantedEpisode> planted = new ArrayList<>();
        for (final MtaSim mta : mtas) {
            for (final Episode ep : mta.episodes) {
                if (ep.decisiveMs != Long.MIN_VALUE && ep.decisiveMs <= lastMs) {
                    planted.add(new PlantedEpisode(ep.kind.kb, mta.name, ep.kind.mtaWide ? null : ep.conn.remote, ep.startMs,
                            ep.decisiveMs, ep.endMs == Long.MIN_VALUE || ep.endMs > lastMs ? lastMs : ep.endMs));
                }
            }
        }
        planted.sort(Comparator.comparingLong(PlantedEpisode::startMs).thenComparing(PlantedEpisode::mta));
        return new Result(emitted, events, emitted - events, start, lastMs, List.copyOf(planted));
    }

    /** The faults that can be planted, with their share of the episodes. */
    enum Kind {
        Q181721("Q181721", false, 0.60),
        Q170056("Q170056", false, 0.10),
        Q181513("Q181513", false, 0.08),
        Q228901("Q228901", false, 0.08),
        Q189494("Q189494", true, 0.08),
        Q194589("Q194589", true, 0.06);

        final String kb;
        final boolean mtaWide;
        final double share;

        Kind(final String kb, final boolean mtaWide, final double share) {
            this.kb = kb;
            this.mtaWide = mtaWide;
            this.share = share;
        }

        static Kind pick(final double u) {
            double acc = 0;
            for (final Kind k : values()) {
                acc += k.share;
                if (u < acc) {
                    return k;
                }
            }
            return Q181721;
        }
    }

    private static final class Pending {
        final long timeMs;
        final long seq;
        final String mta;
        final boolean counter;
        final String text;

        Pending(final long timeMs, final long seq, final String mta, final boolean counter, final String text) {
            this.timeMs = timeMs;
            this.seq = seq;
            this.mta = mta;
            this.counter = counter;
            this.text = text;
        }
    }

    private static final class Connection {
        final String remote;
        final int ltab;
        final double traffic;
        final String binding;
        int queue;
        int associations = 1;
        long outboundTotal;
        long failedTotal;

        Connection(final String remote, final int ltab, final double traffic, final String binding, final long outboundTotal) {
            this.remote = remote;
            this.ltab = ltab;
            this.traffic = traffic;
            this.binding = binding;
            this.outboundTotal = outboundTotal;
        }
    }

    private static final class Episode {
        final Kind kind;
        final Connection conn;
        final long startMs;
        final double arrivals;
        final long plannedEndMs;
        int queueAtStart;
        int samples;
        long decisiveMs = Long.MIN_VALUE;
        long endMs = Long.MIN_VALUE;
        boolean recovering;
        long thresholdAtMs = Long.MIN_VALUE;
        int count;
        long nextA;
        long nextB;
        long nextC;
        /** Event time of the first event of each of the episode's kinds (Long.MAX_VALUE: none yet). */
        long firstA = Long.MAX_VALUE;
        long firstB = Long.MAX_VALUE;
        long firstC = Long.MAX_VALUE;

        Episode(final Kind kind, final Connection conn, final long startMs, final double arrivals, final long plannedEndMs) {
            this.kind = kind;
            this.conn = conn;
            this.startMs = startMs;
            this.arrivals = arrivals;
            this.plannedEndMs = plannedEndMs;
        }
    }

    /** One MTA: its connections, its shippers, its noise schedule and its planted episodes. */
    private final class MtaSim {
        final String name;
        final SplittableRandom rnd;
        final EventShipper eventShipper;
        final CounterShipper counterShipper;
        final long phaseMs;
        final Connection[] connections;
        final long expectedEnd;
        final List<Episode> episodes = new ArrayList<>();
        Episode current;
        long nextEpisodeAt;
        long lastEpisodeEnd = Long.MIN_VALUE / 2;
        long nextInactiveAt;
        long nextBlipAt;
        long nextRestartAt;
        long nextNetlogonAt;
        long startAfterStopAt = Long.MAX_VALUE;
        boolean resetTotals;
        long recordId;
        long seq;

        MtaSim(final int index, final long start, final long expectedEnd) {
            this.name = mtaName(index);
            this.rnd = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + index);
            this.eventShipper = index % 2 == 0 ? EventShipper.WINLOGBEAT_8 : EventShipper.NXLOG;
            this.counterShipper = index % 10 == 9 ? CounterShipper.METRICBEAT : CounterShipper.TELEGRAF;
            this.phaseMs = rnd.nextInt(spec.sampleSeconds()) * 1000L;
            this.expectedEnd = expectedEnd;
            this.connections = new Connection[spec.connectionsPerMta()];
            for (int c = 0; c < connections.length; c++) {
                // The next MTAs of the estate, then MTAs of other sites: every connection of an MTA has its own remote.
                final String remote = c < spec.mtas() - 1 ? mtaName((index + 1 + c) % spec.mtas()) : mtaName(spec.mtas() + c);
                final String binding = "ncacn_ip_tcp:10." + (index / 250 % 250) + "." + (index % 250) + "." + (c + 10) + "[1911]";
                connections[c] = new Connection(remote, 50 + c * 7, 0.5 + rnd.nextDouble() * 3.5, binding,
                        1000 + rnd.nextInt(50_000));
                connections[c].queue = rnd.nextInt(4);
            }
            this.recordId = 10_000 + rnd.nextInt(1_000_000);
            this.nextEpisodeAt = start + 5 * 60_000L + exponential(spec.episodesPerMtaHour());
            this.nextInactiveAt = start + rnd.nextLong(300_000);
            this.nextBlipAt = start + exponential(1 / 3.0);
            this.nextRestartAt = start + exponential(1 / 12.0);
            this.nextNetlogonAt = start + exponential(1 / 8.0);
        }

        /** Time until the next event of a Poisson process of {@code perHour} events an hour; "never" at rate 0. */
        long exponential(final double perHour) {
            if (perHour <= 0) {
                return Long.MAX_VALUE / 4;
            }
            return (long) (-Math.log(1 - rnd.nextDouble()) / perHour * 3_600_000d);
        }

        int poisson(final double mean) {
            final double limit = Math.exp(-mean);
            double p = rnd.nextDouble();
            int k = 0;
            while (p > limit) {
                p *= rnd.nextDouble();
                k++;
            }
            return k;
        }

        void event(final List<Pending> out, final long timeMs, final LogEvent event) {
            // NXLog writes EventTime to the second.
            final long t = eventShipper == EventShipper.NXLOG ? timeMs / 1000 * 1000 : timeMs;
            out.add(new Pending(t, seq++, name, false, ShipperShapes.event(eventShipper, t, name, recordId++, event)));
        }

        boolean nearEpisode(final long t) {
            return current != null || t - lastEpisodeEnd < QUIET_AROUND_EPISODE_MS || nextEpisodeAt - t < QUIET_AROUND_EPISODE_MS;
        }

        void tick(final long t, final List<Pending> out) {
            final long end = t + intervalMs;
            if (current == null && t >= nextEpisodeAt) {
                if (t < expectedEnd - EPISODE_LEAD_MS) {
                    startEpisode(t);
                } else {
                    nextEpisodeAt = Long.MAX_VALUE / 2;
                }
            }
            noise(t, end, out);
            if (current != null) {
                episodeEvents(t, end, out);
            }
            samples(t + phaseMs, out);
        }

        void startEpisode(final long t) {
            final Kind kind = Kind.pick(rnd.nextDouble());
            final Connection conn = connections[rnd.nextInt(connections.length)];
            final long duration = (12 + rnd.nextInt(10)) * 60_000L;
            current = new Episode(kind, conn, t + phaseMs, 0.6 + rnd.nextDouble() * 0.9, t + phaseMs + duration);
            current.queueAtStart = conn.queue;
            final long s = current.startMs;
            switch (kind) {
                case Q181721 -> {
                    current.nextA = s + 20_000 + rnd.nextLong(40_000);  // 9277 MtaBind
                    current.nextB = s + 60_000 + rnd.nextLong(60_000);  // 9316/1727
                }
                case Q170056 -> {
                    current.nextA = s + 5_000 + rnd.nextLong(25_000);   // 9318/1722
                    current.nextB = s + 30_000 + rnd.nextLong(30_000);  // 9215/10061
                }
                case Q228901 -> {
                    current.nextA = s + 10_000 + rnd.nextLong(30_000);  // 9322 or 9318 with 1722
                    current.nextB = s + 40_000 + rnd.nextLong(30_000);  // 9316/0
                    current.nextC = s + 5_000 + rnd.nextLong(20_000);   // Netlogon 5719
                }
                case Q181513 -> {
                    current.nextA = Long.MAX_VALUE;                     // 9316/1783 and 1294 from the threshold on
                }
                case Q189494 -> current.nextA = s + rnd.nextLong(20_000);
                case Q194589 -> current.nextA = s + rnd.nextLong(20_000);
            }
            episodes.add(current);
        }

        void noise(final long t, final long end, final List<Pending> out) {
            while (nextInactiveAt < end) {
                event(out, nextInactiveAt, LogEvent.rpcCancel(connections[rnd.nextInt(connections.length)].ltab, "RPC inactive",
                        120_000 + rnd.nextInt(9_000), null));
                nextInactiveAt += 240_000 + rnd.nextLong(120_000);
            }
            while (nextBlipAt < end) {
                if (!nearEpisode(nextBlipAt)) {
                    event(out, nextBlipAt, LogEvent.noDataSent(connections[rnd.nextInt(connections.length)].ltab, 1727));
                }
                nextBlipAt += exponential(1 / 3.0);
            }
            while (nextRestartAt < end) {
                if (!nearEpisode(nextRestartAt)) {
                    event(out, nextRestartAt, LogEvent.stopped());
                    startAfterStopAt = nextRestartAt + 5_000 + rnd.nextLong(5_000);
                }
                nextRestartAt += exponential(1 / 12.0);
            }
            if (startAfterStopAt < end) {
                event(out, startAfterStopAt, LogEvent.started());
                startAfterStopAt = Long.MAX_VALUE;
                resetTotals = true;
            }
            while (nextNetlogonAt < end) {
                event(out, nextNetlogonAt, LogEvent.netlogonNoDomainController());
                nextNetlogonAt += exponential(1 / 8.0);
            }
        }

        void episodeEvents(final long t, final long end, final List<Pending> out) {
            final Episode ep = current;
            final int ltab = ep.conn.ltab;
            switch (ep.kind) {
                case Q181721 -> {
                    while (!ep.recovering && ep.nextA < end) {
                        event(out, ep.nextA, LogEvent.rpcCancel(ltab, "MtaBind", 120_000 + rnd.nextInt(9_000), ep.conn.binding));
                        ep.firstA = Math.min(ep.firstA, ep.nextA);
                        ep.nextA += 120_000 + rnd.nextLong(10_000);
                    }
                    while (!ep.recovering && ep.nextB < end) {
                        event(out, ep.nextB, LogEvent.noDataSent(ltab, 1727));
                        ep.firstB = Math.min(ep.firstB, ep.nextB);
                        ep.nextB += 330_000 + rnd.nextLong(60_000);
                    }
                }
                case Q170056 -> {
                    while (!ep.recovering && ep.nextA < end) {
                        event(out, ep.nextA, LogEvent.bindFailed(ltab));
                        ep.firstA = Math.min(ep.firstA, ep.nextA);
                        ep.nextA += 60_000 + rnd.nextLong(60_000);
                    }
                    while (!ep.recovering && ep.nextB < end) {
                        event(out, ep.nextB, LogEvent.socketRefused());
                        ep.firstB = Math.min(ep.firstB, ep.nextB);
                        ep.nextB += 120_000;
                    }
                }
                case Q228901 -> {
                    while (!ep.recovering && ep.nextC < end) {
                        event(out, ep.nextC, LogEvent.netlogonNoDomainController());
                        ep.firstC = Math.min(ep.firstC, ep.nextC);
                        ep.nextC += 600_000;
                    }
                    while (!ep.recovering && ep.nextA < end) {
                        event(out, ep.nextA, rnd.nextBoolean() ? LogEvent.bindBackFailed(ltab) : LogEvent.bindFailed(ltab));
                        ep.firstA = Math.min(ep.firstA, ep.nextA);
                        ep.nextA += 120_000;
                    }
                    while (!ep.recovering && ep.nextB < end) {
                        event(out, ep.nextB, LogEvent.noDataSent(ltab, 0));
                        ep.firstB = Math.min(ep.firstB, ep.nextB);
                        ep.nextB += 180_000;
                    }
                }
                case Q181513 -> {
                    while (ep.nextA < end && ep.count < 6) {
                        event(out, ep.nextA, LogEvent.rasFailure());
                        event(out, ep.nextA, LogEvent.noDataSent(ltab, 1783));
                        ep.firstA = Math.min(ep.firstA, ep.nextA);
                        ep.count++;
                        ep.nextA += 60_000;
                    }
                }
                case Q189494 -> {
                    while (ep.nextA < end && ep.nextA < ep.plannedEndMs) {
                        event(out, ep.nextA, LogEvent.rpcCancel(connections[rnd.nextInt(connections.length)].ltab, "RPC inactive",
                                120_000 + rnd.nextInt(9_000), null));
                        if (++ep.count == 10) {
                            ep.decisiveMs = ep.nextA;
                        }
                        ep.nextA += 20_000 + rnd.nextLong(20_000);
                    }
                    if (end >= ep.plannedEndMs) {
                        finish(ep.plannedEndMs);
                    }
                }
                case Q194589 -> {
                    while (ep.nextA < end && ep.count < 3) {
                        event(out, ep.nextA, LogEvent.mta(57, "Resource", "Warning", "The association limit has been reached."));
                        if (ep.count++ == 0) {
                            ep.decisiveMs = ep.nextA;
                        }
                        ep.nextA += 60_000 + rnd.nextLong(60_000);
                    }
                    if (ep.count == 3 && ep.nextA < end) {
                        finish(ep.nextA);
                    }
                }
            }
        }

        void finish(final long at) {
            current.endMs = at;
            lastEpisodeEnd = at;
            current = null;
            nextEpisodeAt = at + QUIET_AROUND_EPISODE_MS + exponential(spec.episodesPerMtaHour());
        }

        void samples(final long at, final List<Pending> out) {
            if (resetTotals) {
                // The MTA restarted: its totals count from zero again.
                for (final Connection c : connections) {
                    c.outboundTotal = 0;
                    c.failedTotal = 0;
                }
                resetTotals = false;
            }
            int workQueue = 0;
            int associations = 0;
            for (final Connection c : connections) {
                final long sent = current != null && current.conn == c && !current.kind.mtaWide ? episodeStep(c, at) : healthyStep(c);
                c.outboundTotal += sent;
                workQueue += c.queue;
                associations += c.associations;
                final double rate = Math.round(sent * 1000d / intervalMs) / 1000d;
                out.add(new Pending(at, seq++, name, true, ShipperShapes.connectionSample(counterShipper, at, name, c.remote,
                        c.queue, c.associations, c.outboundTotal, c.failedTotal, rate)));
            }
            out.add(new Pending(at, seq++, name, true, ShipperShapes.mtaSample(counterShipper, at, name, workQueue, associations)));
        }

        long healthyStep(final Connection c) {
            final int arrived = poisson(c.traffic);
            final int left = Math.min(c.queue + arrived, rnd.nextInt(4));
            final long sent = c.queue + arrived - left;
            c.queue = left;
            c.associations = 1;
            return sent;
        }

        /** One sample of the connection an episode is on; returns the messages sent. */
        long episodeStep(final Connection c, final long at) {
            final Episode ep = current;
            ep.samples++;
            final int arrived = poisson(ep.arrivals);
            switch (ep.kind) {
                case Q181721 -> {
                    if (!ep.recovering) {
                        c.queue += arrived;
                        c.associations = 1;
                        if (ep.decisiveMs == Long.MIN_VALUE && ep.samples >= DECISIVE_SAMPLES && c.queue - ep.queueAtStart >= DECISIVE_Q181721_GROWTH
                                && Math.min(ep.firstA, ep.firstB) <= at) {
                            ep.decisiveMs = at;
                        }
                        if (c.queue >= THRESHOLD) {
                            // The article's self-recovery: a second association at the threshold.
                            ep.recovering = true;
                            c.associations = 2;
                        }
                        return 0;
                    }
                    return drain(c, arrived, at);
                }
                case Q170056 -> {
                    if (at < ep.plannedEndMs) {
                        c.queue += arrived;
                        c.associations = 0;
                        c.failedTotal++;
                        if (ep.decisiveMs == Long.MIN_VALUE && ep.samples >= DECISIVE_SAMPLES && c.queue - ep.queueAtStart >= 5 && ep.firstA <= at) {
                            ep.decisiveMs = at;
                        }
                        return 0;
                    }
                    ep.recovering = true;
                    c.associations = 1;
                    return drain(c, arrived, at);
                }
                case Q228901 -> {
                    if (at < ep.plannedEndMs) {
                        c.queue += arrived;
                        c.associations = 1;
                        if (ep.decisiveMs == Long.MIN_VALUE && ep.samples >= DECISIVE_SAMPLES
                                && Math.max(ep.firstA, Math.max(ep.firstB, ep.firstC)) <= at) {
                            ep.decisiveMs = at;
                        }
                        return 0;
                    }
                    ep.recovering = true;
                    return drain(c, arrived, at);
                }
                case Q181513 -> {
                    if (ep.thresholdAtMs == Long.MIN_VALUE) {
                        c.queue += Math.max(1, arrived);
                        c.associations = 1;
                        if (c.queue >= THRESHOLD) {
                            // A Dynamic RAS connector fails when the queue passes the threshold.
                            ep.thresholdAtMs = at;
                            // From the next tick on: this tick's events are already out.
                            ep.nextA = at + intervalMs;
                        }
                        return 0;
                    }
                    if (ep.count < 6) {
                        c.queue += arrived;
                        if (ep.decisiveMs == Long.MIN_VALUE && ep.firstA <= at) {
                            ep.decisiveMs = at;
                        }
                        return 0;
                    }
                    ep.recovering = true;
                    return drain(c, arrived, at);
                }
                default -> {
                    return healthyStep(c);
                }
            }
        }

        /** Delivery resumed: the backlog drains; the episode is over once the queue is back to normal. */
        long drain(final Connection c, final int arrived, final long at) {
            final int capacity = 10 + rnd.nextInt(11);
            final int backlog = c.queue + arrived;
            final int left = backlog > capacity ? backlog - capacity : Math.min(backlog, rnd.nextInt(4));
            c.queue = left;
            if (left <= 3) {
                c.associations = 1;
                finish(at);
            }
            return backlog - left;
        }
    }
}
