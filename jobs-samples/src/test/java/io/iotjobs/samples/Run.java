package io.iotjobs.samples;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the samples' command line: exit code and what it printed. */
record Run(int exitCode, String out, String err) {

    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SamplesMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit code " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
