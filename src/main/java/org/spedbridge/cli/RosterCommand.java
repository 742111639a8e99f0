package org.spedbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spedbridge.config.Settings;
import org.spedbridge.roster.RosterLoadResult;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sped-bridge roster load DIR}: loads the SIS roster extracts of a folder. */
@Command(name = "roster", mixinStandardHelpOptions = true,
        description = "The SIS roster (schools, students, contacts, enrollment, programs, codes).",
        subcommands = {RosterCommand.Load.class})
public final class RosterCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return SpedBridge.USAGE;
    }

    Settings settings() {
        return parent == null ? Settings.load(null) : parent.settings();
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load schools.csv, students.csv, contacts.csv, enrollment.csv, programs.csv and codes.csv "
                    + "(whichever are in DIR) into the database: every row is upserted, or nothing when a row is bad.",
                    "Exit codes: 0 loaded, 3 refused (nothing written), 5 configuration/database problem."})
    static final class Load implements Callable<Integer> {

        @ParentCommand
        RosterCommand roster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The folder holding the roster CSV files.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RosterLoadResult result;
            try (Database db = Database.open(roster.settings())) {
                result = new RosterLoader(db).load(dir);
            }
            if (!result.loaded()) {
                // standard output must not look like a load: scripts and people read it first
                out.println("Roster load REFUSED: nothing was written (" + result.errorCount()
                        + " error(s), listed on standard error).");
            }
            String done = result.loaded() ? "rows" : "good rows, not written";
            for (RosterLoadResult.FileCount f : result.files()) {
                out.printf("%-15s -> %-12s %,10d %s%n", f.file(), f.table(), f.rows(), done);
            }
            for (RosterLoadResult.Problem w : result.warnings()) {
                out.println("warning: " + w);
            }
            if (result.loaded()) {
                out.printf("Roster loaded from %s in %.1f s.%n", dir, result.elapsed().toMillis() / 1000.0);
                out.flush();
                return SpedBridge.OK;
            }
            for (RosterLoadResult.Problem p : result.errors()) {
                err.println("error: " + p);
            }
            if (result.errorCount() > result.errors().size()) {
                err.printf("... and %d more error(s).%n", result.errorCount() - result.errors().size());
            }
            err.println("The roster load was REFUSED: nothing was written. Fix the rows listed above (file, line, "
                    + "reason) and run 'sped-bridge roster load " + dir + "' again.");
            err.flush();
            out.flush();
            return SpedBridge.REFUSED;
        }
    }
}
