package org.spedbridge.sped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.GenericFile;
import org.spedbridge.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code siras-import} route around the SFTP polls: open a spool folder for the run,
 * keep each downloaded file there, compare it with a second look at the server, and decide whether the
 * pair can be imported ({@link #REQUEST}) or why not ({@link #PROBLEM}). Bound as bean {@code sirasFetch}.
 * Logs one line per stage with sizes and timings, never a password.
 */
public final class SirasFetch {

    private static final Logger LOG = LoggerFactory.getLogger(SirasFetch.class);
    private static final DateTimeFormatter RUN_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    /** Exchange properties the route reads. */
    public static final String TRIGGER = "sirasTrigger";
    public static final String STUDENTS = "sirasStudents";
    public static final String SERVICES = "sirasServices";
    public static final String PROBLEM = "sirasFetchProblem";
    public static final String REQUEST = "sirasImportRequest";
    private static final String SPOOL = "sirasSpool";
    private static final String STAGE_START = "sirasStageStart";
    private static final String LOOK = "sirasLook.";

    private final Settings settings;

    public SirasFetch(Settings settings) {
        this.settings = settings;
    }

    private String server() {
        return settings.get("siras.sftp.host") + ":" + settings.get("siras.sftp.port");
    }

    /** Starts a run: trigger (header {@code trigger}, default "schedule"), spool folder, warnings. */
    public void begin(Exchange exchange) throws IOException {
        String trigger = exchange.getIn().getHeader("trigger", "schedule", String.class);
        Instant now = Instant.now();
        Path spool = Path.of(settings.get("siras.import.work-dir", "data/runs"), "incoming",
                RUN_FOLDER.format(now) + "-" + trigger.replaceAll("[^A-Za-z0-9_-]", "_"));
        Files.createDirectories(spool);
        exchange.setProperty(TRIGGER, trigger);
        exchange.setProperty(SPOOL, spool);
        exchange.setProperty(STAGE_START, System.nanoTime());
        exchange.removeProperty(PROBLEM);
        if (settings.getBoolean("siras.sftp.insecure-skip-host-key-check", false)) {
            LOG.warn("SIRAS import: host-key verification is OFF (siras.sftp.insecure-skip-host-key-check=true): "
                    + "the server {} is not authenticated and the student files could go to or come from anyone. "
                    + "Use this in a lab only.", server());
        }
        LOG.info("SIRAS import ({}): fetching {} and {} from {} into {}", trigger,
                settings.get("siras.students-file"), settings.get("siras.services-file"), server(), spool);
    }

    /** After the download poll of {@code role} ("students" or "services"): keep the file in the spool folder. */
    public void received(Exchange exchange, String role) throws IOException {
        long ms = elapsedMs(exchange);
        Object body = exchange.getIn().getBody();
        if (!polledAFile(exchange)) {
            LOG.info("SIRAS import: {} file {} is not on the server ({} ms)", role, fileName(role), ms);
            return;
        }
        String name = exchange.getIn().getHeader(FileConstants.FILE_NAME_ONLY, fileName(role), String.class);
        long size = exchange.getIn().getHeader(FileConstants.FILE_LENGTH, -1L, Long.class);
        Long modified = exchange.getIn().getHeader(FileConstants.FILE_LAST_MODIFIED, Long.class);
        Path target = exchange.getProperty(SPOOL, Path.class).resolve(name);
        String localWork = exchange.getIn().getHeader(FileConstants.FILE_LOCAL_WORK_PATH, String.class);
        if (localWork != null && Files.exists(Path.of(localWork))) {
            Files.move(Path.of(localWork), target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Object content = body instanceof GenericFile<?> gf ? gf.getBody() : body;
            try (InputStream in = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class,
                    exchange, content)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (org.apache.camel.NoTypeConversionAvailableException e) {
                throw new IOException("cannot read the downloaded " + name + ": " + e.getMessage(), e);
            }
        }
        SourceFile file = new SourceFile(name, size, modified == null ? null : Instant.ofEpochMilli(modified), target);
        exchange.setProperty(role.equals("students") ? STUDENTS : SERVICES, file);
        LOG.info("SIRAS import: downloaded {} file {}: {} bytes, modified {}, in {} ms", role, name, size,
                file.modified(), ms);
    }

    /** After the second (metadata-only) look at {@code role}'s file. */
    public void looked(Exchange exchange, String role) {
        boolean there = polledAFile(exchange);
        long size = there ? exchange.getIn().getHeader(FileConstants.FILE_LENGTH, -1L, Long.class) : -1;
        Long modified = there ? exchange.getIn().getHeader(FileConstants.FILE_LAST_MODIFIED, Long.class) : null;
        exchange.setProperty(LOOK + role + ".size", size);
        exchange.setProperty(LOOK + role + ".modified", modified == null ? null : Instant.ofEpochMilli(modified));
    }

    /** A poll that found nothing answers with an empty message (sendEmptyMessageWhenIdle): no file headers. */
    private static boolean polledAFile(Exchange exchange) {
        return exchange.getIn().getHeader(FileConstants.FILE_NAME_ONLY) != null;
    }

    /** The SFTP step threw (login refused, host key, unreachable, ...): say why, for people. */
    public void failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        String why = SftpProblem.describe(error, server(), settings.get("siras.sftp.username"),
                settings.get("siras.sftp.known-hosts-file"));
        exchange.setProperty(PROBLEM, why);
        LOG.warn("SIRAS import: SFTP fetch FAILED ({}) after {} ms: {}", SftpProblem.kind(error),
                elapsedMs(exchange), why);
    }

    /** The engine threw (it should return FAILED instead): say so, so that a report still goes out. */
    public void unexpected(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("SIRAS import: the import engine stopped unexpectedly", error);
        exchange.setProperty(PROBLEM, "The import stopped unexpectedly (" + (error == null ? "unknown error"
                : SftpProblem.rootMessage(error)) + "). Nothing was written; the log has the details, and the next "
                + "run tries again.");
    }

    /** Both files, complete: sets {@link #REQUEST}; otherwise sets {@link #PROBLEM}. */
    public void decide(Exchange exchange) {
        if (exchange.getProperty(PROBLEM) != null) {
            return;
        }
        SourceFile students = exchange.getProperty(STUDENTS, SourceFile.class);
        SourceFile services = exchange.getProperty(SERVICES, SourceFile.class);
        String where = server() + " (directory '" + settings.get("siras.sftp.directory") + "')";
        String problem = null;
        if (students == null && services == null) {
            problem = "Neither " + fileName("students") + " nor " + fileName("services") + " is on SIRAS' SFTP server "
                    + where + ". SIRAS normally writes them between 11 pm and 1 am: ask SIRAS whether the district's "
                    + "export ran. Nothing was imported; the next run tries again.";
        } else if (students == null || services == null) {
            SourceFile present = students != null ? students : services;
            String missing = students == null ? fileName("students") : fileName("services");
            problem = "Only " + present.name() + " is on SIRAS' SFTP server " + where + "; " + missing + " is missing. "
                    + "The two files are imported together (both or neither), so nothing was imported; "
                    + "the next run tries again. If this repeats, ask SIRAS why " + missing + " is not written.";
        } else {
            FileReadiness readiness = new FileReadiness(
                    Duration.ofSeconds(settings.getInt("siras.import.min-file-age-seconds", 60)));
            Instant now = Instant.now();
            for (SourceFile f : new SourceFile[] {students, services}) {
                String role = f == students ? "students" : "services";
                long lookSize = exchange.getProperty(LOOK + role + ".size", -1L, Long.class);
                Instant lookTime = exchange.getProperty(LOOK + role + ".modified", Instant.class);
                Optional<String> why = readiness.notReady(f, lookSize, lookTime, now);
                if (why.isPresent()) {
                    problem = "Not ready: " + why.get() + ". The pair was not read this run; the next run tries "
                            + "again. Nothing was imported.";
                    break;
                }
            }
        }
        if (problem != null) {
            exchange.setProperty(PROBLEM, problem);
            LOG.warn("SIRAS import: files not imported: {}", problem);
        } else {
            exchange.setProperty(REQUEST, new ImportRequest(exchange.getProperty(TRIGGER, String.class), students, services));
            LOG.info("SIRAS import: both files complete ({} bytes, {} bytes); importing", students.size(), services.size());
        }
    }

    private String fileName(String role) {
        return settings.get(role.equals("students") ? "siras.students-file" : "siras.services-file");
    }

    private static long elapsedMs(Exchange exchange) {
        long now = System.nanoTime();
        Long start = exchange.getProperty(STAGE_START, Long.class);
        exchange.setProperty(STAGE_START, now);
        return start == null ? 0 : (now - start) / 1_000_000;
    }
}
