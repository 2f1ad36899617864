package io.iotjobs.it.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * SoftHSM2 software tokens made for a test: the configuration file the SoftHSM library reads (from the
 * {@value #CONF_ENV} environment variable, which the build sets for the integration tests, so that the JVM's
 * PKCS#11 provider and the command-line tools see the same token directory), tokens initialised with
 * {@code softhsm2-util} and objects imported with OpenSC's {@code pkcs11-tool}.
 *
 * <p>Without SoftHSM2 and OpenSC the tests are skipped, or fail when {@value #REQUIRE_ENV}{@code =1} (as CI sets
 * it).
 */
final class SoftHsmToken {

    static final String CONF_ENV = "SOFTHSM2_CONF";
    static final String REQUIRE_ENV = "IOTJOBS_REQUIRE_SOFTHSM";
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"));
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");

    final Path library;
    final long slotId;
    final String pin;

    private SoftHsmToken(Path library, long slotId, String pin) {
        this.library = library;
        this.slotId = slotId;
        this.pin = pin;
    }

    /** The SoftHSM library, or a skip (a failure when required) saying what is missing. */
    static Path library() {
        Path library =
                LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        String missing = library == null
                ? "the SoftHSM2 library (apt-get install -y softhsm2)"
                : !Files.isExecutable(Path.of("/usr/bin/softhsm2-util"))
                        ? "softhsm2-util (apt-get install -y softhsm2)"
                        : !Files.isExecutable(Path.of("/usr/bin/pkcs11-tool"))
                                ? "pkcs11-tool (apt-get install -y opensc)"
                                : System.getenv(CONF_ENV) == null
                                        ? "the " + CONF_ENV + " environment variable (the build sets it"
                                                + " for the integration tests; set it to a file path the test may write when running alone)"
                                        : null;
        if (missing != null) {
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                throw new IllegalStateException(REQUIRE_ENV + "=1 but " + missing + " is missing");
            }
            Assumptions.abort("SoftHSM2 tests skipped: " + missing + " is missing (CI sets " + REQUIRE_ENV
                    + "=1 to make this a failure)");
        }
        return library;
    }

    /**
     * Writes a fresh configuration with an empty token directory where {@value #CONF_ENV} points. Must run before
     * the JVM first loads the library, which reads the configuration once.
     */
    static void freshConfiguration() throws IOException {
        Path conf = Path.of(System.getenv(CONF_ENV)).toAbsolutePath();
        Path tokens = conf.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(
                conf,
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                        + "log.level = ERROR\nslots.removable = false\n");
    }

    /** Initialises a token in the next free slot. */
    static SoftHsmToken initialise(Path library, String label, String pin) throws Exception {
        String output =
                run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "so-" + pin);
        Matcher slot = REASSIGNED.matcher(output);
        if (!slot.find()) {
            throw new IllegalStateException("softhsm2-util did not say which slot it used: " + output);
        }
        return new SoftHsmToken(library, Long.parseLong(slot.group(1)), pin);
    }

    /** Imports an object (DER) under a label and id: {@code privkey} (PKCS#8) or {@code cert}. */
    void importObject(String type, byte[] der, String label, String id, Path scratch) throws Exception {
        Path file = Files.write(scratch.resolve(label + "-" + type + ".der"), der);
        run(
                "pkcs11-tool",
                "--module",
                library.toString(),
                "--slot",
                Long.toString(slotId),
                "--login",
                "--pin",
                pin,
                "--write-object",
                file.toString(),
                "--type",
                type,
                "--label",
                label,
                "--id",
                id);
        Files.delete(file);
    }

    private static String run(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        line.set(0, "/usr/bin/" + command[0]);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed: " + output);
        }
        return output;
    }
}
