package org.spedbridge.sped.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.FileReadiness;
import org.spedbridge.sped.ImportRequest;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.sped.run.BackgroundTask;
import org.spedbridge.sped.run.RunEnd;
import org.spedbridge.sped.run.RunState;

/**
 * Stage "fetch", the Java side of routes/siras-import.camel.yaml's SFTP steps: starts the run (who asked;
 * the files given by hand, or a spool folder for this run's downloads), opens the fetch's one SSH session
 * ({@link SftpSession}), turns each look and download into a {@link ServerFile} (the two downloads on a thread of
 * their own, each into an {@link ArrivingFile} that the stages read as it arrives), says why the fetch failed, and
 * decides whether the pair may be imported: both files there, and neither still being written
 * ({@link FileReadiness}); otherwise the run ends FAILED.
 * Bound as {@code sirasFetch}. Logs sizes and timings, never a password.
 */
public final class SirasFetch {

    private static final Logger LOG = LoggerFactory.getLogger(SirasFetch.class);
    private static final DateTimeFormatter RUN_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final RunEnd end;
    private ScheduledExecutorService watchdog;

    public SirasFetch(Settings settings, RunEnd end) {
        this.settings = settings;
        this.end = end;
    }

    private String server() {
        return settings.get("siras.sftp.host") + ":" + settings.get("siras.sftp.port");
    }

    /**
     * Starts a run. Body {@link ImportRequest}: its two files, given by hand. Otherwise the files are fetched
     * from SIRAS' server into a new spool folder; the header {@code trigger} says who asked (default "schedule").
     * Header {@code dryRun} true: a dry run; header {@code releaseRun}: the held run whose kept files the body holds.
     * A spool folder that cannot be made (the work folder read-only, the disk full) ends the run FAILED, saying so.
     */
    public RunState begin(Exchange exchange) {
        boolean dryRun = exchange.getIn().getHeader("dryRun", false, Boolean.class);
        if (exchange.getIn().getBody() instanceof ImportRequest request) {
            Long releasing = exchange.getIn().getHeader("releaseRun", Long.class);
            return RunState.ofFiles(request).dryRun(dryRun).releasing(releasing == null ? -1 : releasing);
        }
        String trigger = exchange.getIn().getHeader("trigger", "schedule", String.class);
        Path spool = Path.of(settings.require("siras.import.work-dir"), "incoming",
                RUN_FOLDER.format(Instant.now()) + "-" + trigger.replaceAll("[^A-Za-z0-9_-]", "_"));
        RunState run = RunState.toFetch(trigger, spool).dryRun(dryRun);
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            end.failed(run, end.reason(e));
            return run;
        }
        if (settings.getBoolean("siras.sftp.insecure-skip-host-key-check")) {
            LOG.warn("SIRAS import: host-key verification is OFF (siras.sftp.insecure-skip-host-key-check=true): "
                    + "the server {} is not authenticated and the student files could go to or come from anyone. "
                    + "Use this in a lab only.", server());
        }
        LOG.info("SIRAS import ({}): fetching {} and {} from {} into {}", trigger,
                settings.get("siras.students-file"), settings.get("siras.services-file"), server(), spool);
        return run;
    }

    /**
     * Connects to SIRAS' SFTP server: ONE SSH session for the whole fetch ({@link SftpSession}), on the {@code sftp:}
     * endpoint of the route {@code endpointRoute} (routes/siras-import.camel.yaml declares every option there); each
     * step of the fetch may take {@code stepTimeoutSeconds}. The session is the run's: {@link #disconnect} ends it
     * when the fetch is done, and the run ends it when it lets go, however it ended.
     */
    public SftpSession connect(RunState run, Exchange exchange, String endpointRoute, int stepTimeoutSeconds) {
        CamelContext context = exchange.getContext();
        Route route = context.getRoute(endpointRoute);
        if (route == null || !(route.getEndpoint() instanceof SftpEndpoint endpoint)) {
            throw new IllegalStateException("routes/siras-import.camel.yaml has no route '" + endpointRoute
                    + "' from an sftp: endpoint (SIRAS' SFTP server)");
        }
        long started = System.nanoTime();
        SftpSession session = SftpSession.open(endpoint, Duration.ofSeconds(stepTimeoutSeconds), watchdog(context));
        run.holds(session);
        LOG.info("SIRAS import: connected to {} (one SSH session for the fetch) in {} ms", server(),
                (System.nanoTime() - started) / 1_000_000);
        return session;
    }

    private static ServerFile download(SftpSession sftp, String name, ArrivingFile into) throws IOException {
        long started = System.nanoTime();
        ServerFile file = sftp.download(name, into);
        log(file, name, "download", "downloaded", started);
        return file;
    }

    /**
     * Fetch students: the download, on a thread of its own, so that stage students reads the file as it arrives
     * ({@link RunState#studentsArrival()}); {@link #arrived} waits for its end. A run that ends before (refused, failed)
     * cuts the download when it lets go.
     */
    public BackgroundTask<ServerFile> fetchStudentsMeanwhile(RunState run, SftpSession sftp, String name) {
        ArrivingFile into = new ArrivingFile(run.spool().resolve(name));
        run.downloadingStudentsInto(into);
        return meanwhile(run, sftp, () -> download(sftp, name, into));
    }

    /**
     * Fetch services: the same, once the students file has arrived (one SFTP channel: one transfer at a time), while
     * the students are staged and matched; write services reads it as it arrives ({@link RunState#servicesArrival()}).
     * If the students' download failed, this one fails with it and never starts.
     */
    public BackgroundTask<ServerFile> fetchServicesMeanwhile(RunState run, SftpSession sftp, String name,
            BackgroundTask<ServerFile> studentsDownload) {
        ArrivingFile into = new ArrivingFile(run.spool().resolve(name));
        run.downloadingServicesInto(into);
        return meanwhile(run, sftp, () -> {
            try {
                studentsDownload.await();
            } catch (IOException | SQLException | RuntimeException e) {
                into.failed(e);
                throw e;
            }
            return download(sftp, name, into);
        });
    }

    private static BackgroundTask<ServerFile> meanwhile(RunState run, SftpSession sftp, BackgroundTask.Work<ServerFile> work) {
        BackgroundTask<ServerFile> download = new BackgroundTask<>("siras-import-download", work);
        run.holds(() -> {
            if (!download.done()) {
                sftp.close(); // the run ended first: cut the download rather than wait for it
            }
            BackgroundTask.finish(download);
        });
        return download;
    }

    /** Files fetched: a download started meanwhile, once complete (its failure, if it failed). */
    public ServerFile arrived(BackgroundTask<ServerFile> download) throws IOException, SQLException {
        long started = System.nanoTime();
        ServerFile file = download.await();
        LOG.info("SIRAS import: waited {} ms for the end of {}'s download", (System.nanoTime() - started) / 1_000_000,
                file.there() ? file.name() : "a file");
        return file;
    }

    /** Look: the file's size and time on the server (ABSENT when not there), before it is downloaded. */
    public ServerFile look(SftpSession sftp, String name) {
        return looked(sftp, name, "found");
    }

    /** Look again: the file's size and time on the server now (ABSENT when gone), compared in {@link #decide}. */
    public ServerFile lookAgain(SftpSession sftp, String name) {
        return looked(sftp, name, "looked again at");
    }

    private static ServerFile looked(SftpSession sftp, String name, String done) {
        long started = System.nanoTime();
        ServerFile file = sftp.look(name);
        log(file, name, "look at", done, started);
        return file;
    }

    /** Ends the fetch's SSH session (null: it never opened). */
    public void disconnect(SftpSession sftp) {
        if (sftp != null) {
            sftp.close();
        }
    }

    private static void log(ServerFile file, String name, String verb, String done, long startedNanos) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        if (!file.there()) {
            LOG.info("SIRAS import: no file {} to {} on the server ({} ms)", name, verb, ms);
        } else {
            LOG.info("SIRAS import: {} {}: {} bytes, modified {}, in {} ms", done, name, file.size(), file.modified(), ms);
        }
    }

    private synchronized ScheduledExecutorService watchdog(CamelContext context) {
        if (watchdog == null || watchdog.isShutdown()) { // made once; again after the context was stopped and started
            watchdog = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "SirasSftpStepTimeout");
        }
        return watchdog;
    }

    /**
     * The fetch threw (login refused, host key, unreachable, connection lost, local disk full...): say why, for
     * people. Returns the run (the route's body again).
     */
    public RunState failed(RunState run, Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        String why = SftpProblem.describe(error, server(), settings.get("siras.sftp.username"),
                settings.get("siras.sftp.known-hosts-file"), Path.of(settings.require("siras.import.work-dir")));
        run.fetchFailed(why);
        LOG.warn("SIRAS import: SFTP fetch FAILED ({}) after {} ms: {}", SftpProblem.kind(error),
                exchange.getClock().elapsed(), why);
        return run;
    }

    /**
     * Decide to start, before the files are downloaded: both there, and both old enough ({@link FileReadiness});
     * otherwise the run ends FAILED, saying why, and nothing is opened.
     */
    public void decideToStart(RunState run, ServerFile studentsListed, ServerFile servicesListed) {
        decide(run, studentsListed, servicesListed, studentsListed, servicesListed);
    }

    /**
     * Decide: both files there and complete (as the second look at the server confirms) let the run go on with them;
     * otherwise it ends FAILED, saying why.
     */
    public void decide(RunState run, ServerFile students, ServerFile services, ServerFile studentsAgain,
            ServerFile servicesAgain) {
        run.fetched(source(students, "students"), facts(students), source(services, "services"), facts(services));
        String problem = run.fetchProblem() != null ? run.fetchProblem() : problem(run, studentsAgain, servicesAgain);
        if (problem != null) {
            if (run.fetchProblem() == null) {
                LOG.warn("SIRAS import: files not imported: {}", problem);
            }
            end.failed(run, problem);
        } else if (run.servicesArriving()) {
            LOG.info("SIRAS import: {} ({} bytes) and {} ({} bytes) there; importing while they download",
                    run.students().name(), run.students().size(), run.services().name(), run.services().size());
        } else {
            LOG.info("SIRAS import: both files complete ({} bytes, {} bytes); importing", run.students().size(),
                    run.services().size());
        }
    }

    private SourceFile source(ServerFile polled, String role) {
        if (polled == null || !polled.there()) {
            if (polled != null) {
                LOG.info("SIRAS import: {} file {} is not on the server", role, fileName(role));
            }
            return null;
        }
        return new SourceFile(polled.name(), polled.size(), polled.modified(), polled.download());
    }

    /** The facts computed while the file was downloaded (null when it was not). */
    private static FileFacts facts(ServerFile polled) {
        return polled == null || !polled.there() ? null : polled.facts();
    }

    private String problem(RunState run, ServerFile studentsAgain, ServerFile servicesAgain) {
        SourceFile students = run.students();
        SourceFile services = run.services();
        String where = server() + " (directory '" + settings.get("siras.sftp.directory") + "')";
        if (students == null && services == null) {
            return "Neither " + fileName("students") + " nor " + fileName("services") + " is on SIRAS' SFTP server "
                    + where + ". SIRAS normally writes them between 11 pm and 1 am: ask SIRAS whether the district's "
                    + "export ran. Nothing was imported; the next run tries again.";
        }
        if (students == null || services == null) {
            SourceFile present = students != null ? students : services;
            String missing = students == null ? fileName("students") : fileName("services");
            return "Only " + present.name() + " is on SIRAS' SFTP server " + where + "; " + missing + " is missing. "
                    + "The two files are imported together (both or neither), so nothing was imported; "
                    + "the next run tries again. If this repeats, ask SIRAS why " + missing + " is not written.";
        }
        FileReadiness readiness = new FileReadiness(
                Duration.ofSeconds(settings.getInt("siras.import.min-file-age-seconds")));
        Instant now = Instant.now();
        SourceFile[] downloaded = {students, services};
        ServerFile[] lookedAgain = {studentsAgain, servicesAgain};
        for (int i = 0; i < downloaded.length; i++) {
            ServerFile again = lookedAgain[i] == null ? ServerFile.ABSENT : lookedAgain[i];
            Optional<String> why = readiness.notReady(downloaded[i], again.size(), again.modified(), now);
            if (why.isPresent()) {
                return FileReadiness.notReadyMessage(why.get());
            }
        }
        return null;
    }

    private String fileName(String role) {
        return settings.get(role.equals("students") ? "siras.students-file" : "siras.services-file");
    }
}
