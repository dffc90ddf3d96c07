package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Severity;

import java.util.Map;

/** The articles the correlator diagnoses, with the title and severity their incidents carry. */
public record KbArticle(String id, String title, Severity severity) {

    private static final Map<String, KbArticle> ARTICLES = Map.of(
            Q181721Rule.KB, new KbArticle(Q181721Rule.KB, "Messages not delivered over an association", Severity.HIGH),
            Q170056Rule.KB, new KbArticle(Q170056Rule.KB, "Remote MTA unreachable: RPC binds fail", Severity.HIGH),
            Q181513Rule.KB, new KbArticle(Q181513Rule.KB, "Dynamic RAS connector fails above the association threshold", Severity.MEDIUM),
            Q228901Rule.KB, new KbArticle(Q228901Rule.KB, "MTA service account cannot be validated over the RAS link", Severity.HIGH),
            Q189494Rule.KB, new KbArticle(Q189494Rule.KB, "Flood of RPC inactive cancels: slow or lossy path to remote MTAs", Severity.LOW),
            Q194589Rule.KB, new KbArticle(Q194589Rule.KB, "MTA association limit reached under load", Severity.MEDIUM),
            Q157068Rule.KB, new KbArticle(Q157068Rule.KB, "Work Queue Length inflated after an MTA restart (counter artefact)", Severity.LOW));

    public static KbArticle of(final String kb) {
        final KbArticle article = ARTICLES.get(kb);
        if (article == null) {
            throw new IllegalArgumentException("no article " + kb);
        }
        return article;
    }

    /** The 0-100 score SIEMs rank alerts by. */
    public int riskScore() {
        return switch (severity) {
            case LOW -> 21;
            case MEDIUM -> 47;
            case HIGH -> 73;
            case CRITICAL -> 99;
        };
    }
}
