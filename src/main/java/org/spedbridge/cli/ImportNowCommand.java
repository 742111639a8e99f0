package org.spedbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.SourceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sped-bridge import-now}: runs the SIRAS import once, at once (trigger "now"), through the same
 * route as the schedule (SFTP fetch, import, report), tries once to send the report mail, prints a summary.
 * Exit code: 0 APPLIED/UNCHANGED, 3 REFUSED, 4 FAILED, 5 settings missing.
 */
@Command(name = "import-now", mixinStandardHelpOptions = true,
        description = "Fetch the SIRAS files over SFTP and import them now; mail the report (kept in the outbox when SMTP is down).")
public final class ImportNowCommand implements Callable<Integer> {

    /** The settings this command cannot run without. */
    static final List<String> REQUIRED = List.of("siras.sftp.username", "siras.sftp.password", "report.mail.to");

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent == null ? Settings.load(null) : parent.settings();
        requireAll(settings);
        PrintWriter out = spec.commandLine().getOut();
        try (SpedBridgeApp app = SpedBridgeApp.createOneOff(settings).start()) {
            ProducerTemplate template = app.camelContext().createProducerTemplate();
            Exchange done = template.send("direct:siras-import", e -> e.getIn().setHeader("trigger", "now"));
            if (done.getException() != null) {
                spec.commandLine().getErr().println("sped-bridge: the import could not run: " + done.getException().getMessage());
                return SpedBridge.FAILED;
            }
            ImportResult result = done.getMessage().getBody(ImportResult.class);
            Path mail = done.getMessage().getHeader("reportMailFile", Path.class);
            String mailState = deliverOnce(app, template, settings, mail);
            print(out, result, mailState);
            return result.status().exitCode();
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

    /** One attempt, bounded by mail.smtp.timeout-seconds; a mail SMTP did not take stays in the outbox. */
    private static String deliverOnce(SpedBridgeApp app, ProducerTemplate template, Settings settings, Path mail) {
        if (mail == null) {
            return "not written (see the log)";
        }
        if (settings.get("mail.smtp.host").isEmpty()) {
            return "kept in the outbox (mail.smtp.host is blank): " + mail;
        }
        Exchange sent = template.send("direct:report-mail-smtp", e -> e.getIn().setBody(mail.toFile()));
        if (sent.getException() != null) {
            return "not sent now (" + sent.getException().getMessage() + "); it waits in the outbox for `run` to send: "
                    + mail;
        }
        try {
            Path sentDir = mail.getParent().resolve("sent");
            Files.createDirectories(sentDir);
            Path moved = Files.move(mail, sentDir.resolve(mail.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return "sent to " + settings.get("report.mail.to") + " (" + moved + ")";
        } catch (java.io.IOException e) {
            return "sent to " + settings.get("report.mail.to") + ", but could not be moved to sent/ (" + e.getMessage()
                    + "): remove " + mail + " so that it is not sent again";
        }
    }

    private static void print(PrintWriter out, ImportResult r, String mailState) {
        out.println("SIRAS import (now): " + r.status() + ", run " + r.runId());
        if (r.message() != null && !r.message().isBlank()) {
            out.println("  " + r.message());
        }
        out.println("  students file: " + describe(r.students()));
        out.println("  services file: " + describe(r.services()));
        ImportCounts c = r.counts() == null ? ImportCounts.NONE : r.counts();
        out.println("  rows read " + c.rowsRead() + ", matched " + c.matched() + ", unmatched " + c.unmatched()
                + ", duplicates " + c.duplicates() + ", errors " + c.errors() + ", ignored " + c.ignored()
                + ", services imported " + c.servicesImported() + ", not in file " + c.notInFile());
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
