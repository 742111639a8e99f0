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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.Deflater;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;

/**
 * The completion report of an import run as an e-mail, for the district's special-education staff:
 * subject {@code SIRAS import <CDS code> <yyyy-MM-dd HH:mm>: <STATUS>} (district time), a plain-text and
 * an HTML body (multipart/alternative) with the completion time, district, files, counts and the message,
 * and the run's CSV attachments (text/csv). The mail is written as an {@code .eml} file into the outbox
 * first ({@link #writeToOutbox}); the report-mail-send route sends what waits there. Bound as
 * {@code importReportMail}.
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
        return ZoneId.of(settings.get("district.time-zone", "America/Los_Angeles"));
    }

    private static Instant finished(ImportResult r) {
        return r.finished() != null ? r.finished() : Instant.now();
    }

    public String subject(ImportResult r) {
        return "SIRAS import " + cdsCode() + " " + SUBJECT_TIME.format(finished(r).atZone(zone())) + ": " + r.status();
    }

    /** The whole message, ready to send. */
    public MimeMessage build(ImportResult r) throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.require("report.mail.from"), true));
        m.setRecipients(Message.RecipientType.TO, recipients());
        m.setSubject(subject(r), "UTF-8");
        m.setSentDate(Date.from(finished(r)));

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(r), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(r), "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);

        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart bodies = new MimeBodyPart();
        bodies.setContent(alternative);
        mixed.addBodyPart(bodies);
        for (Path csv : mailParts(r)) {
            MimeBodyPart part = new MimeBodyPart();
            part.attachFile(csv.toFile(), csv.toString().endsWith(".zip") ? "application/zip"
                    : "text/csv; charset=UTF-8", "base64");
            part.setFileName(csv.getFileName().toString());
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

    /**
     * What the mail carries: the CSV files, or, when together they are larger than
     * {@code report.mail.max-attachments-mb} (mail servers refuse big messages, and a refused report would
     * wait in the outbox for ever), one zip of them written beside them in the run folder.
     */
    List<Path> mailParts(ImportResult r) throws IOException {
        List<Path> csvs = attachments(r);
        long total = 0;
        for (Path p : csvs) {
            total += Files.size(p);
        }
        if (csvs.isEmpty() || total <= maxAttachmentBytes()) {
            return csvs;
        }
        Path zip = csvs.get(0).resolveSibling("Special_Ed_Reports_run" + r.runId() + ".zip");
        if (!Files.exists(zip)) {
            Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024))) {
                out.setLevel(Deflater.BEST_SPEED); // CSV text: about as small as the default level, in half the time
                for (Path csv : csvs) {
                    out.putNextEntry(new java.util.zip.ZipEntry(csv.getFileName().toString()));
                    Files.copy(csv, out);
                    out.closeEntry();
                }
            }
            Files.move(tmp, zip, StandardCopyOption.ATOMIC_MOVE);
        }
        return List.of(zip);
    }

    private long maxAttachmentBytes() {
        return settings.getInt("report.mail.max-attachments-mb", 15) * 1024L * 1024L;
    }

    /** Names for the body: the attached files, and the CSVs inside a zip. */
    private List<String> attachedNames(ImportResult r) {
        List<String> names = new ArrayList<>();
        try {
            List<Path> parts = mailParts(r);
            for (Path p : parts) {
                names.add(p.getFileName().toString());
            }
            if (parts.size() == 1 && parts.get(0).toString().endsWith(".zip")) {
                for (Path csv : attachments(r)) {
                    names.add("  (in the zip) " + csv.getFileName());
                }
            }
        } catch (IOException e) {
            names.add("(the report files could not be read: " + e.getMessage() + ")");
        }
        return names;
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

    /** Writes the mail into the outbox folder (atomically: a sender never sees half a file); returns the file. */
    public Path writeToOutbox(ImportResult r) throws MessagingException, IOException {
        MimeMessage m = build(r);
        Path outbox = Path.of(settings.get("report.mail.outbox-dir", "data/outbox"));
        Files.createDirectories(outbox);
        String base = "siras-import-" + FILE_TIME.format(finished(r).atZone(zone())) + "-run" + r.runId() + "-" + r.status();
        Path target = outbox.resolve(base + ".eml");
        for (int i = 2; Files.exists(target) || Files.exists(outbox.resolve("sent").resolve(target.getFileName())); i++) {
            target = outbox.resolve(base + "-" + i + ".eml");
        }
        Path tmp = outbox.resolve("." + target.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
            m.writeTo(out); // buffered: the encoders write a few bytes at a time
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Reads a mail back from the outbox, to send it as it is. */
    public MimeMessage read(File eml) throws MessagingException, IOException {
        try (InputStream in = Files.newInputStream(eml.toPath())) {
            return new MimeMessage(session, in);
        }
    }

    // ------------------------------------------------------------------ bodies

    private static String lead(ImportResult r) {
        return switch (r.status()) {
            case APPLIED -> "The SIRAS files were imported.";
            case UNCHANGED -> "The SIRAS files were not imported again: they are the same as the last imported pair.";
            case REFUSED -> "The SIRAS files were refused: nothing was written. What to do is below.";
            case FAILED -> "The SIRAS import failed: nothing was written. What to do is below.";
        };
    }

    private static String messageOf(ImportResult r) {
        return r.message() == null ? "" : r.message().trim();
    }

    private String when(Instant t) {
        return t == null ? "-" : BODY_TIME.format(t.atZone(zone()));
    }

    private static List<String[]> counts(ImportCounts c) {
        ImportCounts k = c == null ? ImportCounts.NONE : c;
        return List.of(
                new String[] {"Student rows read", Integer.toString(k.rowsRead())},
                new String[] {"Matched", Integer.toString(k.matched())},
                new String[] {"Unmatched", Integer.toString(k.unmatched())},
                new String[] {"Duplicates", Integer.toString(k.duplicates())},
                new String[] {"Errors", Integer.toString(k.errors())},
                new String[] {"Ignored", Integer.toString(k.ignored())},
                new String[] {"Warnings", Integer.toString(k.warnings())},
                new String[] {"Service rows read", Integer.toString(k.serviceRowsRead())},
                new String[] {"Services imported", Integer.toString(k.servicesImported())},
                new String[] {"Services unmatched", Integer.toString(k.servicesUnmatched())},
                new String[] {"Not in file", Integer.toString(k.notInFile())});
    }

    private List<String[]> files(ImportResult r) {
        List<String[]> rows = new ArrayList<>();
        addFile(rows, "Students", r.students(), r.studentsSha256(), settings.get("siras.students-file"));
        addFile(rows, "Services", r.services(), r.servicesSha256(), settings.get("siras.services-file"));
        return rows;
    }

    private void addFile(List<String[]> rows, String role, SourceFile f, String sha, String expected) {
        if (f == null) {
            rows.add(new String[] {role, expected, "not received", "", ""});
        } else {
            rows.add(new String[] {role, f.name(), String.format(Locale.US, "%,d bytes", f.size()), when(f.modified()),
                    sha == null ? "" : sha});
        }
    }

    /** The plain-text body (also what JMX lastReport() shows). */
    public String text(ImportResult r) {
        StringBuilder b = new StringBuilder();
        b.append("SIRAS import for district ").append(cdsCode()).append(": ").append(r.status()).append("\n\n");
        b.append(lead(r)).append("\n");
        if (!messageOf(r).isEmpty()) {
            b.append("\n").append(messageOf(r)).append("\n");
        }
        b.append("\nCompleted: ").append(when(finished(r))).append("\n");
        b.append("District:  ").append(cdsCode()).append("\n");
        b.append("Run:       ").append(r.runId()).append(" (started by ").append(r.trigger()).append(")\n");
        b.append("\nFiles\n");
        for (String[] f : files(r)) {
            b.append(String.format(Locale.US, "  %-9s %-14s %-18s %s%s%n", f[0] + ":", f[1], f[2],
                    f[3].isEmpty() ? "" : "modified " + f[3], f[4].isEmpty() ? "" : "  SHA-256 " + f[4]));
        }
        b.append("\nCounts\n");
        for (String[] c : counts(r.counts())) {
            b.append(String.format(Locale.US, "  %-20s %8s%n", c[0], c[1]));
        }
        List<String> att = attachedNames(r);
        if (!att.isEmpty()) {
            b.append("\nAttached:\n");
            for (String name : att) {
                b.append("  ").append(name).append("\n");
            }
        }
        b.append("\n-- \nsped-bridge (SIRAS -> SIS). Reply to your SIS administrator, not to this address.\n");
        return b.toString();
    }

    String html(ImportResult r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>").append(esc(subject(r)))
                .append("</title></head><body style=\"font-family:sans-serif\">\n");
        String colour = r.status() == ImportStatus.APPLIED || r.status() == ImportStatus.UNCHANGED ? "#1a7f37" : "#b42318";
        b.append("<h2>SIRAS import for district ").append(esc(cdsCode())).append(": <span style=\"color:")
                .append(colour).append("\">").append(esc(r.status().name())).append("</span></h2>\n");
        b.append("<p>").append(esc(lead(r))).append("</p>\n");
        if (!messageOf(r).isEmpty()) {
            b.append("<p><strong>").append(esc(messageOf(r)).replace("\n", "<br>")).append("</strong></p>\n");
        }
        b.append("<table>\n<tr><th align=\"left\">Completed</th><td>").append(esc(when(finished(r)))).append("</td></tr>\n");
        b.append("<tr><th align=\"left\">District</th><td>").append(esc(cdsCode())).append("</td></tr>\n");
        b.append("<tr><th align=\"left\">Run</th><td>").append(r.runId()).append(" (started by ")
                .append(esc(String.valueOf(r.trigger()))).append(")</td></tr>\n</table>\n");
        b.append("<h3>Files</h3>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n"
                + "<tr><th>File</th><th>Name</th><th>Size</th><th>Modified</th><th>SHA-256</th></tr>\n");
        for (String[] f : files(r)) {
            b.append("<tr>");
            for (String cell : f) {
                b.append("<td>").append(esc(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<h3>Counts</h3>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n");
        for (String[] c : counts(r.counts())) {
            b.append("<tr><th align=\"left\">").append(esc(c[0])).append("</th><td align=\"right\">")
                    .append(esc(c[1])).append("</td></tr>\n");
        }
        b.append("</table>\n");
        List<String> att = attachedNames(r);
        if (!att.isEmpty()) {
            b.append("<h3>Attached</h3>\n<ul>\n");
            for (String name : att) {
                b.append("<li>").append(esc(name.strip())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<p style=\"color:#666\">sped-bridge (SIRAS &rarr; SIS)</p>\n</body></html>\n");
        return b.toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

}
