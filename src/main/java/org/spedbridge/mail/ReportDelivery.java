package org.spedbridge.mail;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.ImportRuns;

/**
 * Whether each run's report reached the staff, recorded in import_run (routes/report-mail.camel.yaml). A report
 * counts as delivered once its .eml file is complete in the outbox (the outbox sender keeps trying SMTP from
 * there, with backoff) or, when the outbox cannot be written (disk full, a folder that is not writable), once SMTP
 * took it directly. A finished run whose report is not delivered (the process was killed after the commit, or
 * the outbox and SMTP both failed) has its report derived from the recorded run and delivered again: before every
 * import, and by {@code run} at its start and every {@code report.mail.undelivered-check-minutes}. A report that
 * reaches neither is logged as an ERROR naming the run and what to do, and the report-mail health check is DOWN
 * until it goes out. Bound as {@code reportDelivery}.
 */
public final class ReportDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);

    /** The exchange property, set once by the report route, that holds how the run's report went out ({@link Outcome}). */
    public static final String OUTCOME = "reportDeliveryOutcome";

    /**
     * How one run's report went out, for the caller of the report route (import-now and import-files print it):
     * waiting in the outbox ({@code outboxFile}), sent directly through SMTP because the outbox could not be written,
     * or neither; {@code problem} says why the outbox was not written (null when it was, or when nothing said why).
     */
    public record Outcome(Path outboxFile, boolean sentDirectly, String problem) {

        /** No report route ran (or it ended without saying): neither in the outbox nor sent. */
        public static final Outcome UNKNOWN = new Outcome(null, false, null);

        static Outcome inOutbox(Path eml) {
            return new Outcome(eml, false, null);
        }

        static Outcome notInOutbox(boolean sentDirectly, Exception outboxProblem) {
            return new Outcome(null, sentDirectly, outboxProblem == null ? null : outboxProblem.getMessage());
        }
    }

    private final ImportRuns runs;
    private final ImportReportMail mail;
    private final Settings settings;

    public ReportDelivery(ImportRuns runs, ImportReportMail mail, Settings settings) {
        this.runs = runs;
        this.mail = mail;
        this.settings = settings;
    }

    /** Whether a finished run waits for its report (false when the database cannot be read: asked again later). */
    public boolean anyUndelivered() {
        try {
            return runs.anyUndeliveredReport();
        } catch (SQLException e) {
            LOG.warn("Cannot look for runs whose report was not delivered: {}", e.getMessage());
            return false;
        }
    }

    /**
     * The reports of the finished runs that were not delivered, oldest first, as those runs would have sent them;
     * one already in the outbox (the process stopped before it recorded that) is recorded as delivered instead.
     */
    public List<ImportResult> undelivered() {
        try {
            List<ImportResult> reports = new ArrayList<>();
            for (ImportResult r : runs.undeliveredReports(settings.getInt("report.mail.max-attachments-mb")
                    * 1024L * 1024L)) {
                Optional<Path> written = mail.alreadyInOutbox(r);
                if (written.isPresent()) {
                    inOutbox(r, written.get());
                } else {
                    reports.add(r);
                }
            }
            if (!reports.isEmpty()) {
                LOG.warn("The report of {} finished run(s) was not delivered (the process stopped after the run, or the"
                        + " outbox and SMTP failed): delivering it now: runs {}", reports.size(),
                        reports.stream().map(r -> Long.toString(r.runId())).toList());
            }
            return reports;
        } catch (SQLException | RuntimeException e) {
            // never stops the import that asked first
            LOG.warn("Cannot read the runs whose report was not delivered (they are delivered at the next try): {}",
                    e.toString());
            return List.of();
        }
    }

    /** The report is complete in the outbox. */
    public Outcome inOutbox(ImportResult r, Path eml) {
        LOG.info("Report mail of run {} ({}) waits in the outbox: {}", r.runId(), r.status(), eml.toAbsolutePath());
        record(r);
        return Outcome.inOutbox(eml);
    }

    /** The outbox could not be written, but SMTP took the report directly. */
    public Outcome sentDirectly(ImportResult r, Exception outboxProblem) {
        LOG.warn("The report mail of run {} ({}) could not be written to the outbox {} ({}): it was sent directly"
                + " through SMTP {} to {}. Fix the outbox (free space, permissions) so that reports wait there while"
                + " SMTP is down.", r.runId(), r.status(), outbox(), describe(outboxProblem),
                settings.get("mail.smtp.host"), settings.get("report.mail.to"));
        record(r);
        return Outcome.notInOutbox(true, outboxProblem);
    }

    /**
     * The report reached neither the outbox nor SMTP: an ERROR that names the run and what to do, and the run
     * recorded as waiting for its report (the report-mail health check is DOWN until it goes out).
     */
    public Outcome notDelivered(ImportResult r, Exception outboxProblem, Exception smtpProblem) {
        String smtp = settings.get("mail.smtp.host").isEmpty() ? "SMTP is not configured (mail.smtp.host is blank)"
                : "sending it through SMTP " + settings.get("mail.smtp.host") + " failed too (" + describe(smtpProblem)
                        + ")";
        reachedNoOne(r, "the outbox " + outbox() + " could not be written (" + describe(outboxProblem) + ") and " + smtp);
        return Outcome.notInOutbox(false, outboxProblem);
    }

    /** The report mail could not be made (a template, a setting): neither the outbox nor SMTP can have it. */
    public Outcome notMade(ImportResult r, Exception problem) {
        reachedNoOne(r, "the report mail could not be made (" + describe(problem) + ")");
        return Outcome.notInOutbox(false, problem);
    }

    private void reachedNoOne(ImportResult r, String problem) {
        LOG.error("The report of SIRAS import run {} ({}) reached no one: {}. The run itself is recorded. Fix the cause"
                + " (free space or permissions of report.mail.outbox-dir, a template in {}, the report.mail.* and"
                + " mail.smtp.* settings): the report is delivered at the next start of `run`, every {} minutes while it"
                + " runs, and before the next import; the health check sped-bridge/report-mail is DOWN until then.",
                r.runId(), r.status(), problem, settings.get("templates.dir"),
                settings.get("report.mail.undelivered-check-minutes"));
        if (r.runId() < 0) {
            return; // the run itself could not be recorded (the log says why)
        }
        try {
            runs.reportNotDelivered(r.runId(), problem);
        } catch (SQLException e) {
            LOG.error("Run {}: that its report was not delivered could not be recorded either: {}", r.runId(),
                    e.getMessage());
        }
    }

    private void record(ImportResult r) {
        if (r.runId() < 0) {
            return;
        }
        try {
            runs.reportDelivered(r.runId());
        } catch (SQLException e) {
            // the report went out; at worst it is found again in the outbox and not written twice
            LOG.warn("Run {}: its report went out, but that could not be recorded: {}", r.runId(), e.getMessage());
        }
    }

    private Path outbox() {
        return Path.of(settings.require("report.mail.outbox-dir")).toAbsolutePath();
    }

    /** The innermost cause as "Type: message" (the mail and file APIs never put a password there). */
    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
