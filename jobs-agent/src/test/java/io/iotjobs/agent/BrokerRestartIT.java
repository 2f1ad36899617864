package io.iotjobs.agent;

import io.iotjobs.core.MqttConnectionBuilder;
import io.iotjobs.testkit.EmbeddedBroker;
import java.time.Duration;

/**
 * A broker that keeps sessions in files is restarted while a job runs, and stopped while a job is queued: the
 * device and the service come back with their sessions, and the agent carries on.
 */
class BrokerRestartIT extends BrokerRestartScenario {

    @Override
    EmbeddedBroker broker() {
        return EmbeddedBroker.builder()
                .persistence(EmbeddedBroker.Persistence.FILE)
                .start();
    }

    @Override
    MqttConnectionBuilder connectionSettings(MqttConnectionBuilder builder) {
        return builder.cleanStart(false).sessionExpiry(Duration.ofHours(1));
    }

    @Override
    boolean keepsSessions() {
        return true;
    }
}
