package org.spedbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.SourceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sped-bridge import-now}: runs the SIRAS import once, at once (trigger "now"), through the same
 * route as the schedule (SFTP fetch, import, report), tries once to send the report mail, prints a summary.
 * Exit code: 0 APPLIED/UNCHANGED, 3 REFUSED, 4 FAILED, 5 settings missing, 6 HELD; a dry run exits as the run would.
 */
@Command(name = "import-now", mixinStandardHelpOptions = true,
        description = {"Fetch the SIRAS files over SFTP and import them now; mail the report (kept in the outbox when SMTP"
            + " is down).", "Exit code: 0 applied or unchanged, 3 refused, 4 failed, 5 configuration, 6 held (release it"
            + " with import-release RUN_ID). With --dry-run: the code the run would have ended with."})
public final class ImportNowCommand implements Callable<Integer> {

    /** The settings this command cannot run without. */
    static final List<String> REQUIRED = List.of("siras.sftp.username", "siras.sftp.password", "report.mail.to");

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Run everything (fetch, read, validate, match, the hold checks) and"
            + " write the report, but leave the database exactly as it was.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent == null ? Settings.load(null) : parent.settings();
        requireAll(settings);
        try (OneImport once = OneImport.start(settings)) {
            OneImport.Outcome done = once.run("now", null, dryRun);
            if (done.result() == null) {
                spec.commandLine().getOut().println("SIRAS import (now): FAILED before it started: " + done.problem());
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("sped-bridge: the import could not run: " + done.problem());
                return SpedBridge.FAILED;
            }
            print(spec.commandLine().getOut(), done.result(), done.mail());
            return done.result().status().exitCode();
        }
    }

    /** Every missing required setting (and a missing or malformed CDS code) at once, each named with how to set it. */
    static void requireAll(Settings settings) {
        List<String> problems = new ArrayList<>();
        for (String key : REQUIRED) {
            try {
                settings.require(key);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            DerivedSettings.cdsCode(settings);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static void print(PrintWriter out, ImportResult r, String mailState) {
        boolean imported = r.status().exitCode() == SpedBridge.OK;
        // a run that was not applied must not read like one: it says so first, and shows no counts
        out.println("SIRAS import (now): " + r.statusText() + ", run " + r.runId() + (imported ? "" : ": nothing was imported"));
        if (r.message() != null && !r.message().isBlank()) {
            out.println("  " + r.message());
        }
        out.println("  students file: " + describe(r.students()));
        out.println("  services file: " + describe(r.services()));
        if (imported) {
            ImportCounts c = r.counts() == null ? ImportCounts.NONE : r.counts();
            out.println("  rows read " + c.rowsRead() + ", matched " + c.matched() + ", unmatched " + c.unmatched()
                    + ", duplicates " + c.duplicates() + ", errors " + c.errors() + ", ignored " + c.ignored()
                    + ", services imported " + c.servicesImported() + ", not in file " + c.notInFile());
        }
        if (r.attachments() != null && !r.attachments().isEmpty()) {
            out.println("  report files:");
            for (Path p : r.attachments()) {
                out.println("    " + p);
            }
        }
        out.println("  report mail: " + mailState);
        out.flush();
    }

    private static String describe(SourceFile f) {
        return f == null ? "not received" : f.name() + ", " + f.size() + " bytes, modified " + f.modified();
    }
}
