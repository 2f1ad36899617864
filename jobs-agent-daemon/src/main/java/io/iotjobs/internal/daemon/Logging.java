package io.iotjobs.internal.daemon;

/**
 * Chooses the daemon's log format and level. Must run before the first logger is created: logback reads its
 * configuration then.
 */
final class Logging {

    /** Text lines with the key-value pairs of structured events. */
    static final String TEXT = "iotjobs-daemon-logback.xml";
    /** One JSON object per line. */
    static final String JSON = "iotjobs-daemon-logback-json.xml";

    private Logging() {}

    static void configure(boolean json, boolean verbose) {
        System.setProperty("logback.configurationFile", json ? JSON : TEXT);
        System.setProperty("iotjobs.log.level", verbose ? "DEBUG" : "INFO");
    }
}
