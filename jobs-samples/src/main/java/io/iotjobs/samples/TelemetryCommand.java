package io.iotjobs.samples;

import io.iotjobs.core.MqttConnection;
import io.iotjobs.core.Qos;
import io.iotjobs.core.TopicSubscription;
import io.iotjobs.v2.IotJobsClientV2;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code telemetry}: the V2 job loop and the device's own traffic on the one connection AWS IoT allows per client
 * id: telemetry published every {@code --interval} on {@code devices/<thing>/telemetry}, and commands received on
 * {@code devices/<thing>/commands/#} answered on {@code devices/<thing>/replies}.
 */
@Command(
        name = "telemetry",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The V2 job loop beside the device's own telemetry and commands, on one MQTT connection.",
            "",
            "While jobs run, the device publishes a reading every --interval to devices/<thing>/telemetry and answers"
                    + " each message on devices/<thing>/commands/# with one on devices/<thing>/replies. Without"
                    + " --endpoint or --broker it runs in this process with the demo jobs and stops when they are done."
        })
final class TelemetryCommand extends JobProcessorOptions {

    @Option(
            names = "--interval",
            paramLabel = "<time>",
            defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "time between two telemetry messages (default: ${DEFAULT-VALUE})")
    private Duration interval;

    @Spec
    private CommandSpec spec;

    @Override
    String style() {
        return "V2 + telemetry";
    }

    @Override
    void process(MqttConnection device, String thing, SimulatedDevice work, ConsoleEvents events, StopSignal stop)
            throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String base = "devices/" + thing;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger commands = new AtomicInteger();
        // commands: answered from the listener, which runs on the SDK's threads, never on the MQTT library's
        TopicSubscription subscription = device.subscribe(base + "/commands/#", Qos.AT_LEAST_ONCE, command -> {
                    commands.incrementAndGet();
                    device.publish(
                            base + "/replies",
                            ("done " + command.topic()).getBytes(StandardCharsets.UTF_8),
                            Qos.AT_LEAST_ONCE);
                })
                .join();
        ScheduledExecutorService telemetry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "telemetry");
            thread.setDaemon(true);
            return thread;
        });
        telemetry.scheduleAtFixedRate(
                () -> {
                    int n = sent.incrementAndGet();
                    String reading =
                            "{\"seq\":" + n + ",\"at\":\"" + Instant.now() + "\",\"temperature\":" + (20 + n % 5) + "}";
                    // queued while offline or while the broker's receive maximum is reached: never failed for it
                    device.publish(base + "/telemetry", reading.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                            .thenRun(acknowledged::incrementAndGet);
                },
                0,
                interval.toNanos(),
                TimeUnit.NANOSECONDS);
        try (IotJobsClientV2 jobs = new IotJobsClientV2(device)) {
            new JobProcessorV2(jobs, thing, work, events).run(stop);
        } finally {
            telemetry.shutdownNow();
            telemetry.awaitTermination(5, TimeUnit.SECONDS);
            subscription.unsubscribe().join();
            out.printf(
                    "telemetry on %s/telemetry: %d published, %d acknowledged; %d commands answered; one"
                            + " connection (%s, %s)%n",
                    base, sent.get(), acknowledged.get(), commands.get(), device.transportName(), device.protocol());
        }
    }
}
