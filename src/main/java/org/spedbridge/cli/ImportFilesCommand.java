package org.spedbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.SourceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Imports a pair of SIRAS files given by hand (Aeries' manual upload): the same route and stages as the
 * nightly import, without SFTP, the schedule, the API or the management server; the report mail is written
 * and sent once like {@code import-now}'s.
 */
@Command(name = "import-files", mixinStandardHelpOptions = true,
        description = {"Import a SIRAS students file and services file from this machine (trigger 'manual').",
            "Exit code: 0 applied or unchanged, 3 refused (the files cannot be imported), 4 failed (or another import"
                + " held the import lock longer than siras.import.lock-wait-seconds), 5 configuration, 6 held (the"
                + " change hold: release it with import-release RUN_ID). With --dry-run: the code the run would have"
                + " ended with."})
public final class ImportFilesCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--students", required = true, paramLabel = "FILE",
            description = "The students file (tableA.csv, CALPADS SPED or CASEMIS layout).")
    Path studentsFile;

    @Option(names = "--services", required = true, paramLabel = "FILE",
            description = "The services file (tableB.csv, CALPADS SSRV-like layout).")
    Path servicesFile;

    @Option(names = "--dry-run", description = "Run everything (read, validate, match, the hold checks) and write the"
            + " report, but leave the database exactly as it was.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent == null ? Settings.load(null) : parent.settings();
        DerivedSettings.cdsCode(settings); // no report may go out under a placeholder district code
        try (OneImport once = OneImport.start(settings)) {
            OneImport.Outcome done = once.run("manual",
                    new ImportRequest("manual", source(studentsFile), source(servicesFile)), dryRun);
            if (done.result() == null) {
                spec.commandLine().getOut().println("SIRAS import: FAILED before it started: " + done.problem());
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("sped-bridge: the import could not run: " + done.problem());
                return SpedBridge.FAILED;
            }
            print(spec.commandLine().getOut(), done.result(), done.mail());
            return done.result().status().exitCode();
        }
    }

    private static SourceFile source(Path file) {
        return Files.isRegularFile(file) ? SourceFile.local(file)
                : new SourceFile(file.getFileName().toString(), 0, null, file);
    }

    private static void print(PrintWriter out, ImportResult r, String mailState) {
        ImportCounts k = r.counts();
        boolean imported = r.status().exitCode() == SpedBridge.OK;
        // a run that was not applied must not read like one: it says so first, and shows no counts
        out.println("SIRAS import run " + r.runId() + ": " + r.statusText() + (imported ? "" : ": nothing was imported"));
        if (r.message() != null && !r.message().isBlank()) {
            out.println(r.message());
        }
        if (imported) {
            out.printf("Students: %d rows read, %d imported, %d unmatched, %d duplicates%n",
                    k.rowsRead(), k.matched(), k.unmatched(), k.duplicates());
            out.printf("Services: %d rows read, %d imported, %d unmatched%n",
                    k.serviceRowsRead(), k.servicesImported(), k.servicesUnmatched());
            out.printf("Errors %d, ignored %d, warnings %d, not in file %d%n",
                    k.errors(), k.ignored(), k.warnings(), k.notInFile());
        }
        if (!r.attachments().isEmpty()) {
            out.println("Report files: " + r.attachments().get(0).toAbsolutePath().getParent());
        }
        out.println("Report mail: " + mailState);
        out.flush();
    }
}
