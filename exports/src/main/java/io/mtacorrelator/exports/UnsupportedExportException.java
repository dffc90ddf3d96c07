package io.mtacorrelator.exports;

import java.io.IOException;

/** A file that is not an export this reader splits (a binary event log, say); the message is one line for the user. */
public final class UnsupportedExportException extends IOException {

    private static final long serialVersionUID = 1L;

    public UnsupportedExportException(final String message) {
        super(message);
    }
}
