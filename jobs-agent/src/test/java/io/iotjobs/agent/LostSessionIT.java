package io.iotjobs.agent;

import io.iotjobs.testkit.EmbeddedBroker;

/**
 * A broker that keeps nothing is restarted while a job runs, and stopped while a job is queued: every
 * session is lost, the streams resynchronise, and the agent carries on.
 */
class LostSessionIT extends BrokerRestartScenario {

    @Override
    EmbeddedBroker broker() {
        return EmbeddedBroker.builder().start();
    }

    @Override
    boolean keepsSessions() {
        return false;
    }
}
