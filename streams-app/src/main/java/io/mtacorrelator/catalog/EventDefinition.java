package io.mtacorrelator.catalog;

/**
 * What an MSExchangeMTA event ID means, as data.
 *
 * @param id          event ID (low 16 bits)
 * @param name        stable symbolic name, used in the normalised record
 * @param meaning     one line for operators
 * @param rpcSymptom  whether the event is an RPC symptom of a stuck or failing association
 */
public record EventDefinition(int id, String name, String meaning, boolean rpcSymptom) {
}
