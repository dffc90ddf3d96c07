package io.mtacorrelator.ingest;

/** One shipper's JSON shape. The detector asks each format in turn whether a record is its own. */
public interface ShipperFormat {

    /** Stable parser name, written into normalised records and dead-letter headers. */
    String name();

    /** Whether the record has this shipper's shape (not whether it is valid or relevant). */
    boolean accepts(RawRecord record);

    /** Reads a record that {@link #accepts} took. Never throws for bad content: returns Rejected instead. */
    ParseOutcome parse(RawRecord record);
}
