package io.mtacorrelator.registry;

/**
 * A registry call that failed, with the one line that says which registry, which subject or id, and the registry's
 * error code. Never carries credentials.
 */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent's code for a subject that does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent's code for a version the subject does not have (Apicurio's answer for a subject it does not have). */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent's code for a schema not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int errorCode;

    SchemaRegistryException(final String message, final int errorCode, final Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The same failure with what to do about it added to its line. */
    public SchemaRegistryException withHint(final String hint) {
        return new SchemaRegistryException(getMessage() + "; " + hint, errorCode, this);
    }

    /** The registry's {@code error_code} (40401, 409, 42201, ...), or -1 when it gave none (unreachable, not JSON). */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the subject, a version of it, or the schema under it is not in the registry (40401, 40402, 40403). */
    public boolean notRegistered() {
        return errorCode == SUBJECT_NOT_FOUND || errorCode == VERSION_NOT_FOUND || errorCode == SCHEMA_NOT_FOUND;
    }
}
