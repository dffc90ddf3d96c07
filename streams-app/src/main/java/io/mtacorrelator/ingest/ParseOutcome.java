package io.mtacorrelator.ingest;

import io.mtacorrelator.avro.CounterSample;
import io.mtacorrelator.avro.MtaEvent;

/** What became of one raw shipper record: exactly one of these, so nothing is lost or counted twice. */
public sealed interface ParseOutcome {

    /** Name of the parser that decided (or "detector" when no format matched). */
    String parser();

    /** An MSExchangeMTA event-log record. */
    record Event(MtaEvent event, String parser) implements ParseOutcome {
    }

    /** An MTA performance-counter sample. */
    record Sample(CounterSample sample, String parser) implements ParseOutcome {
    }

    /** A readable record of an unrelated source (another event provider, another perfmon object): counted, not kept. */
    record Ignored(String reason, String parser) implements ParseOutcome {
    }

    /** A record that could not be read: goes to the dead-letter topic with this reason. */
    record Rejected(String reason, String parser) implements ParseOutcome {
    }
}
