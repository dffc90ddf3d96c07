package io.mtacorrelator.exports;

/** How a file is split into records; told from the file's content, never from its name. */
public enum ExportFormat {

    /**
     * One record per line (what every JSON shipper writes to a file, and the fallback for content in no other
     * format, so that nothing is skipped: each line is a record the parser accepts or dead-letters). A Telegraf
     * batch line ({@code {"metrics":[...]}}) gives one record per metric.
     */
    NDJSON,

    /**
     * A stream of rendered EVTX events ({@code wevtutil qe /f:xml}, Event Viewer "Save as XML", Windows Event
     * Forwarding collectors), with or without an {@code <Events>} wrapper, pretty-printed or not: one record per
     * {@code <Event>} element, its text as in the file.
     */
    EVTX_XML,

    /** An Event Viewer comma-separated export (RFC 4180 quoting): one record per row, as a JSON object. */
    EVENTVIEWER_CSV,

    /** An Event Viewer tab-delimited "Save as Text" export: one record per row, as a JSON object. */
    EVENTVIEWER_TEXT
}
