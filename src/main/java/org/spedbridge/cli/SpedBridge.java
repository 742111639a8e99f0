package org.spedbridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;
import org.spedbridge.ops.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar target/sped-bridge.jar [--config FILE] COMMAND}; without a command: {@code run}. */
@Command(name = "sped-bridge",
        mixinStandardHelpOptions = true,
        version = "sped-bridge 0.1.0",
        description = "SIRAS <-> SIS special-education integration (Apache Camel).",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            CheckCommand.class,
            RosterCommand.class,
            ImportNowCommand.class,
            ImportFilesCommand.class,
            ImportReleaseCommand.class,
            KeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SpedBridge implements Callable<Integer> {

    /** Exit codes shared by all commands. */
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int FAILED = 4;
    public static final int CONFIG = 5;
    /** The change hold stopped the run (HELD): nothing written, the files wait to be released. */
    public static final int HELD = 6;
    /** import-release: the run cannot be released (not held, released already, superseded, files gone). */
    public static final int NOT_RELEASABLE = 7;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "A properties file whose settings override application.properties.")
    Path configFile;

    /** The settings as this invocation sees them (layers resolved once). */
    public Settings settings() {
        Settings settings = Settings.load(configFile);
        Logging.configure(settings);
        return settings;
    }

    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.parent = this; // with this invocation's --config
        return run.call();
    }

    public static void main(String[] args) {
        System.exit(commandLine(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true))
                .execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /**
     * Runs a command line with its output going to the given writers (tests read them), in this JVM: the
     * logging is set back to its defaults afterwards.
     */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            Logging.reset();
        }
    }

    private static CommandLine commandLine(java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = new CommandLine(new SpedBridge());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException) {
                commandLine.getErr().println("sped-bridge: " + ex.getMessage());
                return CONFIG;
            }
            commandLine.getErr().println("sped-bridge: " + ex);
            return FAILED;
        });
        return cl;
    }
}
