package org.spedbridge.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.config.Settings;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.support.ReportMailRoutes;

/** The report mail's bodies come from the templates in templates.dir, read at every mail, HTML escaped. */
class ReportTemplatesTest {

    @TempDir
    Path tmp;

    private Settings settings(Path templates) {
        Properties p = new Properties();
        p.setProperty("district.cds-code", "1234567");
        p.setProperty("report.mail.outbox-dir", tmp.resolve("outbox").toString());
        p.setProperty(ReportTemplates.FOLDER_SETTING, templates.toString());
        return Settings.load(null, Map.of(), p);
    }

    private static ImportResult result(ImportStatus status, String message) {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        SourceFile a = new SourceFile("tableA.csv", 2048, now.minusSeconds(3600), null);
        return new ImportResult(12, status, "now", message, now.minusSeconds(20), now, a, "ab".repeat(32), null, null,
                new ImportCounts(9811, 9790, 12, 4, 5, 0, 3, 60214, 60100, 114, 37), List.of());
    }

    /** The project's templates/ copied into a folder of the test's own. */
    private Path copyOfTheTemplates() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("templates"));
        try (Stream<Path> files = Files.list(Path.of("templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static String[] bodies(MimeMessage m) throws Exception {
        MimeMultipart alternative = (MimeMultipart) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
        // a mail's lines end in CRLF
        return new String[] {((String) alternative.getBodyPart(0).getContent()).replace("\r\n", "\n"),
                ((String) alternative.getBodyPart(1).getContent()).replace("\r\n", "\n")};
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String before = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(before).contains(from);
        Files.writeString(file, before.replace(from, to), StandardCharsets.UTF_8);
    }

    @Test
    void anEditedTemplateShowsInTheNextMailWithoutARebuildOrRestart() throws Exception {
        Path templates = copyOfTheTemplates();
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(templates))) {
            String[] first = bodies(mail.mail(result(ImportStatus.APPLIED, "")));
            assertThat(first[0]).contains("Completed: 2026-11-30 04:00:00 PST").containsPattern("Student rows read +9811\n");
            assertThat(first[1]).contains("<h3>Counts</h3>");

            edit(templates.resolve("report-mail.txt.ftl"), "Completed: ", "Finished at: ");
            edit(templates.resolve("report-mail.html.ftlh"), "<h3>Counts</h3>", "<h3>Numbers of the night</h3>");

            String[] next = bodies(mail.mail(result(ImportStatus.APPLIED, "")));
            assertThat(next[0]).contains("Finished at: 2026-11-30 04:00:00 PST").doesNotContain("Completed:");
            assertThat(next[1]).contains("<h3>Numbers of the night</h3>").doesNotContain("<h3>Counts</h3>");
            assertThat(mail.text(result(ImportStatus.APPLIED, ""))).contains("Finished at: "); // JMX lastReport too
        }
    }

    @Test
    void withoutTheFolderTheCopyBuiltIntoTheJarIsUsed() throws Exception {
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(tmp.resolve("no-templates-here")))) {
            String[] b = bodies(mail.mail(result(ImportStatus.APPLIED, "")));
            assertThat(b[0]).startsWith("SIRAS import for district 1234567: APPLIED").contains("Completed: ");
            assertThat(b[1]).contains("<td>tableA.csv</td>");
        }
    }

    @Test
    void namesAndMessagesAreEscapedInHtmlAndKeptAsTheyAreInText() throws Exception {
        String message = "Row 7: student <script>alert(1)</script> & \"Ñúñez, José\" 李 =HYPERLINK(\"http://x.example\")\n"
                + "second line: 'O'Brien' <b>bold</b>";
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(copyOfTheTemplates()))) {
            String[] b = bodies(mail.mail(result(ImportStatus.REFUSED, message)));
            assertThat(b[0]).contains(message); // plain text: nothing escaped, nothing lost
            assertThat(b[1])
                    .contains("Row 7: student &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ñúñez, José&quot; 李"
                            + " =HYPERLINK(&quot;http://x.example&quot;)<br>second line: &#39;O&#39;Brien&#39; &lt;b&gt;bold&lt;/b&gt;")
                    .doesNotContain("<script>").doesNotContain("<b>bold");
        }
    }

    @Test
    void templatesReachedThroughSymbolicLinksLoad() throws Exception {
        // a ConfigMap-style layout: templates/ is a link, and each file in it a link into ..data/
        Path real = copyOfTheTemplates();
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        Files.createSymbolicLink(mount.resolve("..data"), real);
        for (String name : List.of("report-mail.txt.ftl", "report-mail.html.ftlh")) {
            Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
        }
        Path link = Files.createSymbolicLink(tmp.resolve("templates-link"), mount);
        edit(real.resolve("report-mail.txt.ftl"), "Completed: ", "Done: ");
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(link))) {
            assertThat(mail.text(result(ImportStatus.APPLIED, ""))).contains("Done: ");
        }
    }

    @Test
    void aBrokenTemplateWritesNoMailAndSaysWhichTemplateAndLine() throws Exception {
        Path templates = copyOfTheTemplates();
        edit(templates.resolve("report-mail.txt.ftl"), "${report.trigger})", "${report.noSuchValue})");
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(templates))) {
            assertThatThrownBy(() -> mail.writeToOutbox(result(ImportStatus.APPLIED, "")))
                    .hasMessageContaining("report-mail.txt.ftl").hasMessageContaining("noSuchValue")
                    .hasMessageMatching("(?s).*line \\d+.*");
            assertThat(tmp.resolve("outbox")).doesNotExist();
        }
    }

    @Test
    void aTemplateCannotRunJavaCode() throws Exception {
        Path templates = copyOfTheTemplates();
        Files.writeString(templates.resolve("report-mail.txt.ftl"),
                "<#assign run = \"freemarker.template.utility.Execute\"?new()>${run(\"id\")}", StandardCharsets.UTF_8);
        try (ReportMailRoutes mail = new ReportMailRoutes(settings(templates))) {
            assertThatThrownBy(() -> mail.text(result(ImportStatus.APPLIED, "")))
                    .hasStackTraceContaining("Instantiating freemarker.template.utility.Execute is not allowed");
        }
    }
}
