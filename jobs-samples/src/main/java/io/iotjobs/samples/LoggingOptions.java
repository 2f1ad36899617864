package io.iotjobs.samples;

import picocli.CommandLine.Option;

/** {@code -v}: shows the SDK's and the local service's log (quiet by default: warnings only). */
final class LoggingOptions {

    @Option(
            names = {"-v", "--verbose"},
            description = "log what the SDK and the local Jobs service do")
    void verbose(boolean verbose) {
        if (verbose) {
            // read by slf4j-simple when the first logger is created, which happens after the options are parsed
            System.setProperty("org.slf4j.simpleLogger.log.io.iotjobs", "debug");
        }
    }
}
