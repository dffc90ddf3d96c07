package io.mtacorrelator.diagnosis;

import io.mtacorrelator.avro.Confidence;

import java.util.List;
import java.util.Optional;

/**
 * KB Q189494: the MTA cancels RPCs that stayed silent for about two minutes (9277 "RPC inactive"). A few are
 * normal; a flood means the network to the remote MTAs is slow or losing packets, or a remote is overloaded.
 */
public final class Q189494Rule implements MtaRule {

    public static final String KB = "Q189494";

    private final DiagnosisSettings settings;

    public Q189494Rule(final DiagnosisSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean isEvidence(final LoggedEvent e) {
        return e.isRpcInactive();
    }

    @Override
    public String kb() {
        return KB;
    }

    @Override
    public Optional<ConnectionRule.Match> match(final MtaState state, final long now) {
        final List<LoggedEvent> inactive = MtaRule.window(state, now, settings.symptomWindowMs()).stream()
                .filter(LoggedEvent::isRpcInactive).toList();
        if (inactive.size() < settings.floodCount()) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionRule.Match(
                inactive.size() >= 2 * settings.floodCount() ? Confidence.HIGH : Confidence.MEDIUM, inactive));
    }

    /** Only a new RPC inactive cancel can make a window hold a flood that did not: time passing only thins it. */
    @Override
    public boolean mayOpenOn(final Signal signal, final MtaState state, final long now) {
        return signal instanceof Signal.Event e && e.event().isRpcInactive();
    }

    @Override
    public boolean recovered(final MtaState state, final long now, final Episode episode) {
        return MtaRule.window(state, now, settings.symptomWindowMs()).stream().noneMatch(LoggedEvent::isRpcInactive);
    }

    @Override
    public String recovery(final MtaState state, final long now, final Episode episode) {
        return "no RPC inactive cancel for " + settings.symptomWindowMs() / 60_000 + " min";
    }
}
