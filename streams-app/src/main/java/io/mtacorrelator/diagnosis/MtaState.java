package io.mtacorrelator.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Correlation state of one MTA: its connections and its recent RPC symptoms (events name no remote MTA). */
public final class MtaState {

    public String mta;
    public long maxEventTime = Long.MIN_VALUE;
    public List<RpcSymptom> symptoms = new ArrayList<>();
    public TreeMap<String, ConnectionState> connections = new TreeMap<>();

    public MtaState() {
    }

    public MtaState(final String mta) {
        this.mta = mta;
    }
}
