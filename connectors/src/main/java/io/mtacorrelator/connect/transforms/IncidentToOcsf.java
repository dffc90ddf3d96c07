package io.mtacorrelator.connect.transforms;

import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Incident record to an OCSF 1.8.0 Detection Finding (class 2004):
 * {@code transforms.ocsf.type=io.mtacorrelator.connect.transforms.IncidentToOcsf}.
 */
public class IncidentToOcsf<R extends ConnectRecord<R>> extends IncidentTransform<R> {

    public static final ConfigDef CONFIG_DEF = jsonConfig();

    @Override
    protected IncidentFormat format() {
        return IncidentFormat.OCSF;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
