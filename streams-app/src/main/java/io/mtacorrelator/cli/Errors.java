package io.mtacorrelator.cli;

/** Turns an exception chain into the one line an operator reads first. */
final class Errors {

    private Errors() {
    }

    static String oneLine(final Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root.getMessage().isBlank())) {
            root = root.getCause();
        }
        final String message = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName()
                : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
