package org.spedbridge.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.spedbridge.cli.SpedBridge;

/** Runs the command line in-process and keeps what it printed. */
public record Cli(int exitCode, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpedBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
