package org.spedbridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sped-bridge import-release RUN_ID}: applies a run the change hold stopped (HELD) from the files kept in
 * its run folder, through the same route as every import (trigger {@code release}), without the hold checks; the
 * report mail is written and sent once like {@code import-now}'s.
 */
@Command(name = "import-release", mixinStandardHelpOptions = true,
        description = {"Release a HELD SIRAS import run: apply the files kept in its run folder (trigger 'release').",
            "Exit code: 0 applied, 3 refused, 4 failed, 5 configuration, 7 the run cannot be released (not held,"
                + " released already, superseded by a newer pair, or its files are gone)."})
public final class ImportReleaseCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The held run's id (the report mail's Run).")
    long runId;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent == null ? Settings.load(null) : parent.settings();
        DerivedSettings.cdsCode(settings); // no report may go out under a placeholder district code
        try (OneImport once = OneImport.start(settings)) {
            OneImport.Outcome done = once.release(runId);
            if (done.result() == null) {
                spec.commandLine().getErr().println("sped-bridge: run " + runId + " was not released: " + done.problem());
                return done.notReleasable() ? SpedBridge.NOT_RELEASABLE : SpedBridge.FAILED;
            }
            print(spec.commandLine().getOut(), done.result(), done.mail());
            return done.result().status().exitCode();
        }
    }

    private void print(PrintWriter out, ImportResult r, String mailState) {
        ImportCounts k = r.counts();
        out.println("SIRAS import run " + r.runId() + " (release of run " + runId + "): " + r.statusText());
        if (r.message() != null && !r.message().isBlank()) {
            out.println(r.message());
        }
        out.printf("Students: %d rows read, %d imported; services: %d rows read, %d imported%n",
                k.rowsRead(), k.matched(), k.serviceRowsRead(), k.servicesImported());
        out.println("Report mail: " + mailState);
        out.flush();
    }
}
