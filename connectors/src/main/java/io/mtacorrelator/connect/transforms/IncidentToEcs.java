package io.mtacorrelator.connect.transforms;

import io.mtacorrelator.render.IncidentFormat;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * Incident record to an Elastic Common Schema alert ({@code event.kind: alert}, picked up by Elastic Security's
 * External Alerts rule): {@code transforms.ecs.type=io.mtacorrelator.connect.transforms.IncidentToEcs}.
 */
public class IncidentToEcs<R extends ConnectRecord<R>> extends IncidentTransform<R> {

    public static final ConfigDef CONFIG_DEF = jsonConfig();

    @Override
    protected IncidentFormat format() {
        return IncidentFormat.ECS;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
