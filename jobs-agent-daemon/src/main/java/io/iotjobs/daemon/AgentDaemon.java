package io.iotjobs.daemon;

import io.iotjobs.internal.daemon.DaemonCommand;
import picocli.CommandLine;

/**
 * The job agent as a program: {@code java -jar jobs-agent-daemon.jar --config agent.json} (or {@code --local}
 * to try it out against an embedded broker and the local Jobs service); {@code --help} lists the options.
 */
public final class AgentDaemon {

    private AgentDaemon() {}

    /**
     * Runs the daemon until the process is stopped (SIGTERM or Ctrl-C stop the agent cleanly first).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonCommand(System.out)).execute(args));
    }
}
