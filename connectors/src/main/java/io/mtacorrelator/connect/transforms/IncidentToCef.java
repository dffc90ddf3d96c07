package io.mtacorrelator.connect.transforms;

import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Incident record to one ArcSight CEF line (a string value), for syslog or file sinks feeding ArcSight, QRadar or
 * any CEF reader: {@code transforms.cef.type=io.mtacorrelator.connect.transforms.IncidentToCef}.
 */
public class IncidentToCef<R extends ConnectRecord<R>> extends IncidentTransform<R> {

    public static final ConfigDef CONFIG_DEF = baseConfig();

    @Override
    protected IncidentFormat format() {
        return IncidentFormat.CEF;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
