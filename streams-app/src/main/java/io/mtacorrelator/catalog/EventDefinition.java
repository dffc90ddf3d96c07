package io.mtacorrelator.catalog;

import java.util.List;

/**
 * What an MSExchangeMTA event ID means, as data.
 *
 * @param id          event ID (low 16 bits)
 * @param name        stable symbolic name, used in the normalised record
 * @param meaning     one line for operators
 * @param rpcSymptom  whether the event is an RPC symptom of a stuck or failing association
 * @param positional  the fields carried by insertion strings 1..N, in order, where known. Pre-Vista sources
 *                    ship only these unnamed strings; they are used when the message text is missing (the
 *                    collector lacked the message DLL) or lacks a field. {@code null} marks a string we skip.
 */
public record EventDefinition(int id, String name, String meaning, boolean rpcSymptom, List<MessageField> positional) {

    public EventDefinition {
        positional = positional == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(positional));
    }

    public EventDefinition(final int id, final String name, final String meaning, final boolean rpcSymptom) {
        this(id, name, meaning, rpcSymptom, List.of());
    }
}
