package org.spedbridge.importroute;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.config.Settings;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.ReportMailRoutes;

class ImportReportMailTest {

    @TempDir
    Path tmp;

    private Settings settings(String cds, String user) {
        Properties p = new Properties();
        p.setProperty("district.cds-code", cds);
        p.setProperty("siras.sftp.username", user);
        p.setProperty("district.time-zone", "America/Los_Angeles");
        p.setProperty("report.mail.to", "sped-staff@district.example, director@district.example");
        p.setProperty("report.mail.from", "sped-bridge@district.example");
        p.setProperty("report.mail.outbox-dir", tmp.resolve("outbox").toString());
        return Settings.load(null, Map.of(), p);
    }

    private static final Instant FINISHED = Instant.parse("2026-11-28T12:05:30Z"); // 04:05 in Los Angeles

    private ImportResult result(ImportStatus status, String message, List<Path> attachments) {
        SourceFile a = new SourceFile("tableA.csv", 12345, Instant.parse("2026-11-28T08:41:00Z"), tmp.resolve("a"));
        SourceFile b = new SourceFile("tableB.csv", 678, Instant.parse("2026-11-28T08:42:00Z"), tmp.resolve("b"));
        return new ImportResult(7, status, "schedule", message, FINISHED.minusSeconds(30), FINISHED, a, "ab".repeat(32), b,
                "cd".repeat(32), new ImportCounts(120, 110, 5, 2, 1, 2, 3, 300, 290, 10, 4), attachments);
    }

    @Test
    void subjectIsCdsCodeDistrictTimeAndStatus() {
        ImportReportMail mail = new ImportReportMail(settings("1234567", "7654321"));
        assertThat(mail.subject(result(ImportStatus.APPLIED, "", List.of())))
                .isEqualTo("SIRAS import 1234567 2026-11-28 04:05: APPLIED");
        ImportReportMail placeholder = new ImportReportMail(settings("0000000", "7654321"));
        assertThat(placeholder.subject(result(ImportStatus.FAILED, "x", List.of())))
                .isEqualTo("SIRAS import 7654321 2026-11-28 04:05: FAILED");
    }

    @Test
    void outboxFileIsTheWholeMailWithBothBodiesAndEveryCsvAttachment() throws Exception {
        Path imported = Files.writeString(tmp.resolve("Special_Ed_Students_ImportedRecords.csv"),
                "OriginalLineNumber,SSID,FirstName\r\n2,1234567890,'=cmd\r\n", StandardCharsets.UTF_8);
        Path errors = Files.writeString(tmp.resolve("Special_Ed_Errors.csv"), "file,line,SSID,reason\r\n", StandardCharsets.UTF_8);
        Path eml;
        try (ReportMailRoutes mail = new ReportMailRoutes(settings("1234567", ""))) {
            eml = mail.writeToOutbox(result(ImportStatus.APPLIED, "", List.of(imported, errors)));
        }

        assertThat(eml.getParent()).isEqualTo(tmp.resolve("outbox"));
        assertThat(eml.getFileName().toString()).endsWith(".eml");
        assertThat(Files.list(tmp.resolve("outbox"))).containsExactly(eml); // no temp file left behind
        MimeMessage m;
        try (InputStream in = Files.newInputStream(eml)) {
            m = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(m.getSubject()).isEqualTo("SIRAS import 1234567 2026-11-28 04:05: APPLIED");
        assertThat(Arrays.stream(m.getAllRecipients()).map(Address::toString))
                .containsExactly("sped-staff@district.example", "director@district.example");
        assertThat(m.getFrom()[0].toString()).isEqualTo("sped-bridge@district.example");
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(3);
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        String t = (String) text.getContent();
        assertThat(t).contains("Completed: 2026-11-28 04:05:30 PST", "District:  1234567",
                "tableA.csv", "12,345 bytes", "modified 2026-11-28 00:41:00 PST", "tableB.csv", "678 bytes")
                .containsPattern("Student rows read\\s+120").containsPattern("Matched\\s+110")
                .containsPattern("Unmatched\\s+5").containsPattern("Duplicates\\s+2").containsPattern("Errors\\s+1")
                .containsPattern("Ignored\\s+2").containsPattern("Services imported\\s+290")
                .containsPattern("Not in file\\s+4");
        assertThat((String) html.getContent()).contains("<td>tableA.csv</td>", "<td align=\"right\">120</td>");

        BodyPart csv1 = mixed.getBodyPart(1);
        assertThat(csv1.getContentType()).startsWith("text/csv");
        assertThat(csv1.getFileName()).isEqualTo("Special_Ed_Students_ImportedRecords.csv");
        assertThat(new String(csv1.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(imported));
        assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo("Special_Ed_Errors.csv");
    }

    @Test
    void attachmentsLargerThanTheLimitTravelAsOneZip() throws Exception {
        Path services = Files.writeString(tmp.resolve("Special_Ed_Services_ImportedRecords.csv"),
                "OriginalLineNumber,SSID,StudentID,ServiceCode\r\n" + "2,1234567890,1001,330\r\n".repeat(60000),
                StandardCharsets.UTF_8);
        Path errors = Files.writeString(tmp.resolve("Special_Ed_Errors.csv"), "File,OriginalLineNumber,SSID,Kind,Reason\r\n",
                StandardCharsets.UTF_8);
        // the import zips them when it writes the run's files (report.mail.max-attachments-mb = 1)
        List<Path> parts = ReportFiles.forMail(List.of(services, errors), 7, 1024 * 1024);
        MimeMessage m;
        try (ReportMailRoutes mail = new ReportMailRoutes(settings("1234567", ""))) {
            m = mail.mail(result(ImportStatus.APPLIED, "", parts));
        }
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        BodyPart zip = mixed.getBodyPart(1);
        assertThat(zip.getFileName()).isEqualTo("Special_Ed_Reports_run7.zip");
        assertThat(zip.getContentType()).startsWith("application/zip");
        java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(zip.getInputStream())) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries.keySet()).containsExactly("Special_Ed_Services_ImportedRecords.csv", "Special_Ed_Errors.csv");
        assertThat(entries.get("Special_Ed_Services_ImportedRecords.csv")).isEqualTo(Files.readString(services));
        String text = (String) ((MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("Special_Ed_Reports_run7.zip").contains("(in the zip) Special_Ed_Errors.csv");
        assertThat(Files.size(tmp.resolve("outbox").toFile().listFiles()[0].toPath())).isLessThan(Files.size(services));
    }

    @Test
    void failureMessageIsShownAndHtmlEscaped() throws Exception {
        String why = "Server <b>x</b> said \"no\" & left";
        MimeMessage m;
        try (ReportMailRoutes mail = new ReportMailRoutes(settings("1234567", ""))) {
            m = mail.mail(result(ImportStatus.FAILED, why, List.of()));
        }
        MimeMultipart alternative = (MimeMultipart) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
        assertThat((String) alternative.getBodyPart(0).getContent()).contains(why, "nothing was written");
        assertThat((String) alternative.getBodyPart(1).getContent())
                .contains("Server &lt;b&gt;x&lt;/b&gt; said &quot;no&quot; &amp; left").doesNotContain("<b>x</b>");
        assertThat(m.getSubject()).endsWith(": FAILED");
    }
}
