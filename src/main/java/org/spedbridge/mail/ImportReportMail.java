package org.spedbridge.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ChangeHold;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;

/**
 * The completion report of an import run as an e-mail, for the district's special-education staff:
 * subject {@code SIRAS import <CDS code> <yyyy-MM-dd HH:mm>: <STATUS>} (district time), a plain-text and
 * an HTML body (multipart/alternative) and the run's report files as attachments (text/csv, or one
 * application/zip). The bodies are the templates in {@code templates/} ({@link ReportTemplates}), filled with
 * {@link #model} by routes/report-mail.camel.yaml; this class puts the parts together and writes the mail as
 * an {@code .eml} file into the outbox ({@link #writeToOutbox}), from which the report-mail-send route sends
 * it. It writes nothing else: the zip of large attachments is made with the run's files
 * ({@code ReportFiles.forMail}). Bound as {@code importReportMail}.
 *
 * <p>The CDS code in the subject is {@link DerivedSettings#cdsCode}: {@code district.cds-code}, else a 7-digit
 * {@code siras.sftp.username}; without either no mail is written (the commands refuse to start before that).
 */
public final class ImportReportMail {

    private static final DateTimeFormatter SUBJECT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter BODY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.US);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Settings settings;
    private final Session session = Session.getInstance(new Properties());

    public ImportReportMail(Settings settings) {
        this.settings = settings;
    }

    /** The district's CDS code as the subject shows it (see the class comment for the rule). */
    public String cdsCode() {
        return DerivedSettings.cdsCode(settings);
    }

    private ZoneId zone() {
        return ZoneId.of(settings.require("district.time-zone"));
    }

    private static Instant finished(ImportResult r) {
        return r.finished() != null ? r.finished() : Instant.now();
    }

    public String subject(ImportResult r) {
        return "SIRAS import " + cdsCode() + " " + SUBJECT_TIME.format(finished(r).atZone(zone())) + ": " + r.statusText();
    }

    /** The whole message, ready to send, with the two bodies as the templates rendered them. */
    public MimeMessage build(ImportResult r, String textBody, String htmlBody) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.require("report.mail.from"), true));
        m.setRecipients(Message.RecipientType.TO, recipients());
        m.setSubject(subject(r), "UTF-8");
        m.setSentDate(Date.from(finished(r)));

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(textBody, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(htmlBody, "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);

        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart bodies = new MimeBodyPart();
        bodies.setContent(alternative);
        mixed.addBodyPart(bodies);
        for (Path file : attachments(r)) {
            MimeBodyPart part = new MimeBodyPart();
            try {
                part.attachFile(file.toFile(), isZip(file) ? "application/zip" : "text/csv; charset=UTF-8", "base64");
            } catch (IOException e) {
                throw new MessagingException("The report file " + file + " cannot be attached: " + e.getMessage(), e);
            }
            part.setFileName(file.getFileName().toString());
            mixed.addBodyPart(part);
        }
        m.setContent(mixed);
        m.saveChanges();
        return m;
    }

    private InternetAddress[] recipients() throws AddressException {
        String to = settings.require("report.mail.to");
        try {
            return InternetAddress.parse(to, true);
        } catch (AddressException e) {
            throw new ConfigException("The setting 'report.mail.to' holds an address that is not valid (" + e.getMessage()
                    + "). Give the SPED staff addresses separated by commas.", e);
        }
    }

    private static List<Path> attachments(ImportResult r) {
        List<Path> out = new ArrayList<>();
        if (r.attachments() != null) {
            for (Path p : r.attachments()) {
                if (p != null && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Writes the mail into the outbox folder (see {@link #writeToOutbox(ImportResult, MimeMessage)}); returns the file. */
    public Path writeToOutbox(ImportResult r, String textBody, String htmlBody) throws MessagingException, IOException {
        return writeToOutbox(r, build(r, textBody, htmlBody));
    }

    /**
     * Writes the run's report into the outbox folder, atomically (a sender never sees half a file) and synced to
     * the disk, and returns the file. A file that cannot be written (disk full, a folder that is not writable)
     * leaves nothing behind and throws.
     */
    public Path writeToOutbox(ImportResult r, MimeMessage m) throws MessagingException, IOException {
        Path outbox = outbox();
        Files.createDirectories(outbox);
        String base = baseName(r);
        Path target = outbox.resolve(base + ".eml");
        for (int i = 2; Files.exists(target) || Files.exists(outbox.resolve("sent").resolve(target.getFileName())); i++) {
            target = outbox.resolve(base + "-" + i + ".eml");
        }
        Path tmp = outbox.resolve("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024)) {
                m.writeTo(out); // buffered: the encoders write a few bytes at a time
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | MessagingException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return target;
    }

    /**
     * The run's report as it was already written to the outbox (or sent from it, {@code sent/}), if it was: a
     * process stopped between writing it and recording that it did.
     */
    public Optional<Path> alreadyInOutbox(ImportResult r) {
        String name = baseName(r) + ".eml";
        return Stream.of(outbox().resolve(name), outbox().resolve("sent").resolve(name)).filter(Files::isRegularFile)
                .findFirst();
    }

    private Path outbox() {
        return Path.of(settings.require("report.mail.outbox-dir"));
    }

    /** The report's file name without its extension: when the run finished, the run and its status. */
    private String baseName(ImportResult r) {
        return "siras-import-" + FILE_TIME.format(finished(r).atZone(zone())) + "-run" + r.runId() + "-"
                + (r.dryRun() ? "DRYRUN-" : "") + r.status();
    }

    /** Reads a mail back from the outbox, to send it as it is. */
    public MimeMessage read(File eml) throws MessagingException, IOException {
        try (InputStream in = Files.newInputStream(eml.toPath())) {
            return new MimeMessage(session, in);
        }
    }

    // ------------------------------------------------------------------ what the templates show

    /**
     * The facts of a run as the body templates show them ({@code body} in templates/report-mail.*): see the
     * comment at the top of templates/report-mail.txt.ftl for each value. Reads the report files' names (and
     * those inside a zip); writes nothing.
     */
    public Map<String, Object> model(ImportResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject(r));
        m.put("cdsCode", cdsCode());
        m.put("status", r.status().name());
        m.put("dryRun", r.dryRun());
        m.put("statusText", r.statusText());
        m.put("ok", r.status() == ImportStatus.APPLIED || r.status() == ImportStatus.UNCHANGED);
        m.put("hold", hold(r.hold()));
        m.put("firstImport", r.hold() != null && r.hold().firstImport());
        m.put("runId", r.runId());
        m.put("trigger", String.valueOf(r.trigger()));
        m.put("message", r.message() == null ? "" : r.message().trim());
        m.put("completed", when(finished(r)));
        m.put("files", List.of(file("Students", r.students(), r.studentsSha256(), settings.get("siras.students-file")),
                file("Services", r.services(), r.servicesSha256(), settings.get("siras.services-file"))));
        m.put("counts", counts(r.counts() == null ? ImportCounts.NONE : r.counts()));
        List<Path> attached = attachments(r);
        m.put("attached", attached.stream().map(p -> p.getFileName().toString()).toList());
        m.put("zipped", attached.size() == 1 && isZip(attached.get(0)) ? zipEntries(attached.get(0)) : List.of());
        return m;
    }

    /** The change hold's checks as the templates list them (empty when they did not run). */
    private static List<Map<String, Object>> hold(ChangeHold hold) {
        if (hold == null) {
            return List.of();
        }
        return hold.measures().stream().map(x -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", x.what());
            m.put("setting", x.setting());
            m.put("count", x.count());
            m.put("of", x.of());
            m.put("percent", ChangeHold.percentText(x.percent()));
            m.put("threshold", x.threshold() == null ? "off" : ChangeHold.percentText(x.threshold()) + " %");
            m.put("over", x.over());
            return m;
        }).toList();
    }

    private String when(Instant t) {
        return t == null ? "-" : BODY_TIME.format(t.atZone(zone()));
    }

    private Map<String, Object> file(String role, SourceFile f, String sha, String expected) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("name", f == null ? expected : f.name());
        m.put("received", f != null);
        m.put("size", f == null ? 0L : f.size());
        m.put("modified", f == null ? "" : when(f.modified()));
        m.put("sha256", f == null || sha == null ? "" : sha);
        return m;
    }

    private static Map<String, Object> counts(ImportCounts k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rowsRead", k.rowsRead());
        m.put("matched", k.matched());
        m.put("unmatched", k.unmatched());
        m.put("duplicates", k.duplicates());
        m.put("errors", k.errors());
        m.put("ignored", k.ignored());
        m.put("warnings", k.warnings());
        m.put("serviceRowsRead", k.serviceRowsRead());
        m.put("servicesImported", k.servicesImported());
        m.put("servicesUnmatched", k.servicesUnmatched());
        m.put("notInFile", k.notInFile());
        return m;
    }

    private static boolean isZip(Path file) {
        return file.getFileName().toString().endsWith(".zip");
    }

    /** The names of the files inside a zip, read from its directory (the zip is not changed). */
    private static List<String> zipEntries(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            return List.of("(the zip could not be read: " + e.getMessage() + ")");
        }
    }
}
