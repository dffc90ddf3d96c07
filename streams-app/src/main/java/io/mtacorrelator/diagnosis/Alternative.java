package io.mtacorrelator.diagnosis;

/**
 * A competing explanation named in an incident: an article part of whose pattern is present, but not enough of
 * it to explain the symptoms instead.
 *
 * @param kb  the article
 * @param why what was seen of its pattern and what was not
 */
public record Alternative(String kb, String why) {
}
