package io.mtacorrelator.exports;

import java.io.Closeable;
import java.io.IOException;

/** Splits one file's content into records, one format each. */
interface RecordSplitter extends Closeable {

    /** One record as cut from the file, before it is numbered. */
    record Piece(byte[] value, long line, long originalLength) {
    }

    /** The next record, or null at the end of the file. */
    Piece next() throws IOException;
}
