package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.spedbridge.sped.SpedKit.SERVICES_HEADER;
import static org.spedbridge.sped.SpedKit.STUDENTS_HEADER;
import static org.spedbridge.sped.SpedKit.csv;
import static org.spedbridge.sped.SpedKit.service;
import static org.spedbridge.sped.SpedKit.student;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.sped.run.NotReleasable;
import org.spedbridge.support.TestDatabases;

/**
 * The change hold (issue 10) end to end through the route, on H2 and PostgreSQL: a district of 20 students with 2
 * services each is applied, then a pair that changes a share just over one threshold is HELD (the database as it
 * was, the files kept, the mail's subject and attachments) and one just at it is APPLIED; a held run released
 * gives the data a normal apply of that pair gives; a newer pair supersedes a held run; dry runs change nothing.
 */
class ChangeHoldTest {

    static final int N = 20;
    static final String CDS = "1234567";

    @TempDir
    Path tmp;

    static String ssid(int i) {
        return String.format("20000000%02d", i);
    }

    /** The thresholds: only the given check on (per cent), the others off. */
    static Map<String, String> only(String check, String percent) {
        Map<String, String> p = new HashMap<>();
        p.put("district.cds-code", CDS);
        for (String c : List.of("not-in-file-percent", "services-removed-percent", "rows-drop-percent")) {
            p.put("siras.import.hold." + c, c.equals(check) ? percent : "off");
        }
        return p;
    }

    static void district(SpedKit k) throws Exception {
        for (int i = 1; i <= N; i++) {
            k.roster(3000 + i, ssid(i), 5);
        }
    }

    static String students(IntPredicate inFile) {
        List<String> rows = new ArrayList<>(List.of(STUDENTS_HEADER));
        IntStream.rangeClosed(1, N).filter(inFile)
                .forEach(i -> rows.add(student("A", ssid(i), "", "First" + i, "Last" + i, "20150101")));
        return String.join("\n", rows) + "\n";
    }

    static String services(IntUnaryOperator servicesOf) {
        List<String> rows = new ArrayList<>(List.of(SERVICES_HEADER));
        for (int i = 1; i <= N; i++) {
            for (int s = 0; s < servicesOf.applyAsInt(i); s++) {
                rows.add(service("A", ssid(i), "", s == 0 ? "330" : "415"));
            }
        }
        return String.join("\n", rows) + "\n";
    }

    /** The baseline: all 20 students, 2 services each, applied (a first import is never held). */
    static ImportResult baseline(SpedKit k) throws Exception {
        district(k);
        ImportResult r = k.run(k.file(students(i -> true)), k.file(services(i -> 2)));
        assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.APPLIED);
        assertThat(r.hold().holds()).isFalse();
        return r;
    }

    /** Everything in the database an import may change (the held run's own import_run row aside). */
    static List<List<String>> everything(SpedKit k, long exceptRun) throws Exception {
        List<List<String>> all = new ArrayList<>(k.snapshot());
        all.add(List.of("--"));
        all.addAll(k.rows("SELECT * FROM import_run WHERE id <> " + exceptRun + " ORDER BY id"));
        all.add(List.of("--"));
        all.addAll(k.rows("SELECT * FROM import_issue ORDER BY run_id, seq"));
        all.add(List.of("--"));
        all.addAll(k.rows("SELECT * FROM sped_stage_student"));
        all.addAll(k.rows("SELECT * FROM sped_stage_match"));
        return all;
    }

    /** The special-education data without run ids and times: what two applies of one pair must agree on. */
    static List<List<String>> data(SpedKit k) throws Exception {
        Set<String> skip = Set.of("last_import_run_id", "services_run_id", "updated_at");
        List<List<String>> out = new ArrayList<>();
        for (String sql : List.of("SELECT * FROM sped_record ORDER BY student_id",
                "SELECT * FROM sped_service_current ORDER BY student_id, line_number")) {
            try (Connection c = k.db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (!skip.contains(md.getColumnLabel(i).toLowerCase())) {
                            row.add(md.getColumnLabel(i).toLowerCase() + "=" + rs.getString(i));
                        }
                    }
                    out.add(row);
                }
            }
            out.add(List.of("--"));
        }
        return out;
    }

    /** The report mail of a run in the outbox: its subject, then its attachments' names. */
    static List<String> mail(SpedKit k, long runId) throws Exception {
        Path outbox = Path.of(k.settings.require("report.mail.outbox-dir"));
        try (Stream<Path> s = Files.list(outbox)) {
            Path eml = s.filter(p -> p.getFileName().toString().contains("-run" + runId + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no mail of run " + runId + " in " + outbox));
            MimeMessage m;
            try (InputStream in = Files.newInputStream(eml)) {
                m = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            List<String> out = new ArrayList<>(List.of(m.getSubject()));
            MimeMultipart mixed = (MimeMultipart) m.getContent();
            MimeMultipart alt = (MimeMultipart) mixed.getBodyPart(0).getContent();
            out.add((String) alt.getBodyPart(0).getContent());
            for (int i = 1; i < mixed.getCount(); i++) {
                Part part = mixed.getBodyPart(i);
                out.add(part.getFileName());
            }
            return out;
        }
    }

    private static void assertHeldMail(SpedKit k, ImportResult held, String statusText) throws Exception {
        List<String> mail = mail(k, held.runId());
        assertThat(mail.get(0)).matches("SIRAS import " + CDS + " \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d: "
                + java.util.regex.Pattern.quote(statusText));
        assertThat(mail.subList(2, mail.size())).containsExactlyElementsOf(ReportFiles.HELD);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void studentsNotInFileJustOverAreHeldJustAtAreApplied(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("not-in-file-percent", "10"))) {
            baseline(k);
            List<List<String>> before = everything(k, -1);

            // 3 of 20 students with a record missing: 15 % > 10 %
            ImportResult held = k.run(k.file(students(i -> i > 3)), k.file(services(i -> 2)));
            assertThat(held.status()).as(held.message()).isEqualTo(ImportStatus.HELD);
            assertThat(held.status().exitCode()).isEqualTo(6);
            assertThat(held.message()).contains("students with a special-education record not in the file: 3 of 20"
                    + " (15 %), hold over 10 % (siras.import.hold.not-in-file-percent)");
            assertThat(everything(k, held.runId())).isEqualTo(before);
            assertThat(k.rows("SELECT status, not_in_file, rows_read, released_by_run, superseded_by_run"
                    + " FROM import_run WHERE id = " + held.runId()).get(0))
                    .containsExactly("HELD", "3", "17", null, null);
            // what the mail attaches: the students not in the file, who would lose services, the row issues
            assertThat(held.attachments()).extracting(p -> p.getFileName().toString())
                    .containsExactlyElementsOf(ReportFiles.HELD);
            assertThat(csv(SpedKit.attachment(held, ReportFiles.NOT_IN_FILE))).extracting(r -> r.get(0))
                    .containsExactly("StudentID", "3001", "3002", "3003");
            assertHeldMail(k, held, "HELD");
            assertThat(mail(k, held.runId()).get(1)).contains("import-release " + held.runId())
                    .contains("releaseHeld(" + held.runId() + ")").contains("/admin/import-release/" + held.runId())
                    .contains("students with a special-education record not in the file: 3 of 20 (15 %), hold over 10 %");
            // its files wait in its run folder
            assertThat(tmp.resolve("runs/" + held.runId() + "/held/students")).isDirectoryContaining("glob:**.csv");
            assertThat(tmp.resolve("runs/" + held.runId() + "/held/services")).isDirectoryContaining("glob:**.csv");

            // 2 of 20: 10 %, not over: applied, and the held run is superseded by it
            ImportResult applied = k.run(k.file(students(i -> i > 2)), k.file(services(i -> 2)));
            assertThat(applied.status()).as(applied.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(applied.counts().notInFile()).isEqualTo(2);
            assertThat(k.one("SELECT superseded_by_run FROM import_run WHERE id = " + held.runId()))
                    .isEqualTo(Long.toString(applied.runId()));
            assertThat(mail(k, applied.runId()).get(0)).endsWith(": APPLIED");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void servicesRemovedJustOverAreHeldJustAtAreApplied(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("services-removed-percent", "20"))) {
            baseline(k);
            List<List<String>> before = everything(k, -1);

            // 9 of the 40 current services gone (9 students with 1 instead of 2): 22.5 % > 20 %
            ImportResult held = k.run(k.file(students(i -> true)), k.file(services(i -> i <= 9 ? 1 : 2)));
            assertThat(held.status()).as(held.message()).isEqualTo(ImportStatus.HELD);
            assertThat(held.message()).contains("current services removed: 9 of 40 (22.5 %), hold over 20 %");
            assertThat(everything(k, held.runId())).isEqualTo(before);
            List<List<String>> removed = csv(SpedKit.attachment(held, ReportFiles.SERVICES_REMOVED));
            assertThat(removed.get(0)).containsExactly("StudentID", "SSID", "FirstName", "LastName", "SchoolCode",
                    "CurrentServices", "ServicesInFile", "Removed");
            assertThat(removed.subList(1, removed.size())).hasSize(9).first().isEqualTo(
                    List.of("3001", ssid(1), "F3001", "L3001", "10", "2", "1", "1"));
            assertHeldMail(k, held, "HELD");

            // 8 of 40: 20 %, not over
            ImportResult applied = k.run(k.file(students(i -> true)), k.file(services(i -> i <= 8 ? 1 : 2)));
            assertThat(applied.status()).as(applied.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(k.one("SELECT COUNT(*) FROM sped_service_current")).isEqualTo("32");
        }
    }

    /** The Removed column of Special_Ed_Services_Removed.csv, summed over its rows. */
    private static long removedColumnSum(List<List<String>> removed) {
        int column = removed.get(0).indexOf("Removed");
        return removed.subList(1, removed.size()).stream().mapToLong(r -> Long.parseLong(r.get(column))).sum();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theCountedServicesRemovedAreTheHeldFilesAndAnAppliedRunWritesNoFile(TestDatabases.Kind kind)
            throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("services-removed-percent", "20"))) {
            ImportResult first = baseline(k);
            assertThat(first.hold().measures().get(1).count()).isZero();
            assertThat(tmp.resolve("runs/" + first.runId() + "/" + ReportFiles.SERVICES_REMOVED)).doesNotExist();
            // a student the roster lists at two schools is one line of the file and one student of the count
            k.roster(3001, 20, ssid(1), 5, "I");

            // 3 students lose both services, 6 one each, 5 gain one (gains are not counted): 12 of 40 = 30 %
            ImportResult held = k.run(k.file(students(i -> true)),
                    k.file(services(i -> i <= 3 ? 0 : i <= 9 ? 1 : i > 15 ? 3 : 2)));
            assertThat(held.status()).as(held.message()).isEqualTo(ImportStatus.HELD);
            ChangeHold.Measure counted = held.hold().measures().get(1);
            assertThat(counted.setting()).isEqualTo("siras.import.hold.services-removed-percent");
            assertThat(counted.count()).isEqualTo(12);
            assertThat(held.message()).contains("current services removed: 12 of 40 (30 %), hold over 20 %");
            // the held run's mail attaches the file, and the count is its rows' Removed summed
            assertThat(held.attachments()).extracting(p -> p.getFileName().toString())
                    .containsExactlyElementsOf(ReportFiles.HELD);
            List<List<String>> removed = csv(SpedKit.attachment(held, ReportFiles.SERVICES_REMOVED));
            assertThat(removed.subList(1, removed.size())).extracting(r -> r.get(0)).containsExactly(
                    "3001", "3002", "3003", "3004", "3005", "3006", "3007", "3008", "3009");
            assertThat(removed.get(1)).containsExactly("3001", ssid(1), "F3001", "L3001", "10", "2", "0", "2");
            assertThat(removedColumnSum(removed)).isEqualTo(counted.count());
            assertHeldMail(k, held, "HELD");

            // an applied run only counts: a trap where its file would go (a folder of that name) is left alone
            long next = held.runId() + 1;
            Path trap = Files.createDirectories(tmp.resolve("runs/" + next + "/" + ReportFiles.SERVICES_REMOVED));
            ImportResult applied = k.run(k.file(students(i -> true)), k.file(services(i -> i <= 8 ? 1 : 2)));
            assertThat(applied.status()).as(applied.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(applied.runId()).isEqualTo(next);
            assertThat(applied.hold().measures().get(1).count()).isEqualTo(8);
            assertThat(trap).isEmptyDirectory();
            assertThat(applied.attachments()).extracting(p -> p.getFileName().toString())
                    .containsExactlyElementsOf(ReportFiles.ORDER);
            List<String> appliedMail = mail(k, applied.runId());
            assertThat(appliedMail.subList(2, appliedMail.size())).containsExactlyElementsOf(ReportFiles.ORDER);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void fewerRowsJustOverAreHeldJustAtAreApplied(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("rows-drop-percent", "10"))) {
            baseline(k);
            List<List<String>> before = everything(k, -1);

            ImportResult held = k.run(k.file(students(i -> i > 3)), k.file(services(i -> 2)));
            assertThat(held.status()).as(held.message()).isEqualTo(ImportStatus.HELD);
            assertThat(held.message()).contains("fewer students rows than the last applied run: 3 of 20 (15 %)");
            assertThat(everything(k, held.runId())).isEqualTo(before);
            assertHeldMail(k, held, "HELD");

            ImportResult applied = k.run(k.file(students(i -> i > 2)), k.file(services(i -> 2)));
            assertThat(applied.status()).as(applied.message()).isEqualTo(ImportStatus.APPLIED);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aReleasedRunGivesTheDataOfANormalApplyAndIsReleasedOnce(TestDatabases.Kind kind) throws Exception {
        List<List<String>> normal;
        try (SpedKit k = new SpedKit(kind, tmp.resolve("normal"), only("not-in-file-percent", "off"))) {
            baseline(k);
            assertThat(k.run(k.file(students(i -> i > 3)), k.file(services(i -> i <= 9 ? 1 : 2))).status())
                    .isEqualTo(ImportStatus.APPLIED);
            normal = data(k);
        }
        try (SpedKit k = new SpedKit(kind, tmp.resolve("held"), only("not-in-file-percent", "10"))) {
            baseline(k);
            ImportResult held = k.run(k.file(students(i -> i > 3)), k.file(services(i -> i <= 9 ? 1 : 2)));
            assertThat(held.status()).isEqualTo(ImportStatus.HELD);
            assertThat(data(k)).isNotEqualTo(normal);

            // JMX's operation (SirasImportMBean.releaseHeld)
            var mbean = new SirasImportOperations(k.camel()).mbean();
            assertThat(mbean.getHeldRunIds()).containsExactly(held.runId());
            assertThat(mbean.getLastStatus()).isEqualTo("HELD");
            String answer = mbean.releaseHeld(held.runId());
            assertThat(answer).matches("run \\d+: APPLIED - .*Released held run " + held.runId() + "\\.");
            long release = Long.parseLong(answer.replaceAll("run (\\d+):.*", "$1"));
            assertThat(data(k)).isEqualTo(normal);
            assertThat(k.rows("SELECT status, trigger_name FROM import_run WHERE id = " + release).get(0))
                    .containsExactly("APPLIED", "release");
            assertThat(k.one("SELECT released_by_run FROM import_run WHERE id = " + held.runId()))
                    .isEqualTo(Long.toString(release));
            assertThat(mbean.getHeldRunIds()).isEmpty();
            assertThat(mail(k, release).get(0)).endsWith(": APPLIED");
            assertThat(k.staged()).isZero();

            // once only
            assertThat(mbean.releaseHeld(held.runId())).contains("was released already: run " + release);
            assertThatThrownBy(() -> new SirasImportOperations(k.camel()).release(12345))
                    .isInstanceOf(NotReleasable.class).hasMessage("There is no import run 12345.");
            assertThat(mbean.releaseHeld(release)).contains("was not held (it is APPLIED)");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aNewerPairSupersedesAHeldRun(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("not-in-file-percent", "10"))) {
            baseline(k);
            ImportResult first = k.run(k.file(students(i -> i > 3)), k.file(services(i -> 2)));
            assertThat(first.status()).isEqualTo(ImportStatus.HELD);
            // the next night's pair is held too: the first can no longer be released, the second can
            ImportResult second = k.run(k.file(students(i -> i > 4)), k.file(services(i -> 2)));
            assertThat(second.status()).isEqualTo(ImportStatus.HELD);
            var ops = new SirasImportOperations(k.camel());
            assertThat(ops.heldRuns()).extracting(h -> h.runId()).containsExactly(second.runId());
            assertThatThrownBy(() -> ops.release(first.runId())).isInstanceOf(NotReleasable.class)
                    .hasMessageContaining("can no longer be released: a newer pair (run " + second.runId()
                            + ") superseded it")
                    .satisfies(e -> assertThat(((NotReleasable) e).why()).isEqualTo(NotReleasable.Why.SUPERSEDED));
            // a newer pair that is applied supersedes the second
            ImportResult third = k.run(k.file(students(i -> i > 1)), k.file(services(i -> 2)));
            assertThat(third.status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(ops.heldRuns()).isEmpty();
            assertThatThrownBy(() -> ops.release(second.runId())).isInstanceOf(NotReleasable.class)
                    .hasMessageContaining("a newer pair (run " + third.runId() + ") superseded it");
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aHeldRunWhoseFilesAreGoneCannotBeReleased(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("not-in-file-percent", "10"))) {
            baseline(k);
            ImportResult held = k.run(k.file(students(i -> i > 3)), k.file(services(i -> 2)));
            assertThat(held.status()).isEqualTo(ImportStatus.HELD);
            // what siras.import.keep-days does to an old run folder
            org.spedbridge.store.Folders.deleteTree(tmp.resolve("runs/" + held.runId() + "/held"));
            List<List<String>> before = everything(k, -1);
            assertThatThrownBy(() -> new SirasImportOperations(k.camel()).release(held.runId()))
                    .isInstanceOf(NotReleasable.class).hasMessageContaining("its files are no longer in")
                    .satisfies(e -> assertThat(((NotReleasable) e).why()).isEqualTo(NotReleasable.Why.FILES_GONE));
            assertThat(everything(k, -1)).as("nothing ran").isEqualTo(before);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void theFirstImportIsMeasuredButNeverHeld(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("not-in-file-percent", "10"))) {
            district(k);
            // the SIS' own special-education records (programs.csv 144) before any SIRAS import
            for (int i = 1; i <= N; i++) {
                k.sql("INSERT INTO sped_record (student_id, state_student_id) VALUES (?, ?)", 3000 + i, ssid(i));
            }
            ImportResult first = k.run(k.file(students(i -> i > 10)), k.file(services(i -> 2)));
            assertThat(first.status()).as(first.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(first.hold().firstImport()).isTrue();
            assertThat(first.hold().measures().get(0).over()).isTrue();
            assertThat(mail(k, first.runId()).get(1)).contains("the first import is never held")
                    .contains("students with a special-education record not in the file: 10 of 20 (50 %), hold over 10 %");
        }
    }

    private static ImportResult dryRun(SpedKit k, Path students, Path services) {
        var done = k.send(new ImportRequest("manual", SourceFile.local(students), SourceFile.local(services)),
                Map.of("dryRun", true));
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(ImportResult.class);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aDryRunEndsAsTheRunWouldAndLeavesTheDatabaseAsItWas(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp, only("not-in-file-percent", "10"))) {
            baseline(k);
            List<List<String>> before = everything(k, -1);

            ImportResult wouldApply = dryRun(k, k.file(students(i -> i > 1)), k.file(services(i -> 1)));
            assertThat(wouldApply.dryRun()).isTrue();
            assertThat(wouldApply.status()).as(wouldApply.message()).isEqualTo(ImportStatus.APPLIED);
            assertThat(wouldApply.statusText()).isEqualTo("DRY RUN (would be APPLIED)");
            assertThat(wouldApply.counts().matched()).isEqualTo(19);
            assertThat(everything(k, -1)).isEqualTo(before);
            List<String> mail = mail(k, wouldApply.runId());
            assertThat(mail.get(0)).endsWith(": DRY RUN (would be APPLIED)");
            assertThat(mail.get(1)).contains("A DRY RUN: nothing was written");
            assertThat(mail.subList(2, mail.size())).containsExactlyElementsOf(ReportFiles.ORDER);

            ImportResult wouldHold = dryRun(k, k.file(students(i -> i > 3)), k.file(services(i -> 2)));
            assertThat(wouldHold.status()).isEqualTo(ImportStatus.HELD);
            assertThat(wouldHold.status().exitCode()).isEqualTo(6);
            assertThat(everything(k, -1)).isEqualTo(before);
            assertHeldMail(k, wouldHold, "DRY RUN (would be HELD)");
            assertThat(tmp.resolve("runs/" + wouldHold.runId() + "/held")).doesNotExist();

            ImportResult wouldRefuse = dryRun(k, k.file("FIRST_NAME,LAST_NAME\nAna,Ok\n"), k.file(services(i -> 2)));
            assertThat(wouldRefuse.status()).isEqualTo(ImportStatus.REFUSED);
            assertThat(wouldRefuse.status().exitCode()).isEqualTo(3);
            assertThat(everything(k, -1)).isEqualTo(before);
            assertThat(mail(k, wouldRefuse.runId()).get(0)).endsWith(": DRY RUN (would be REFUSED)");

            // and the real run afterwards is not affected by them (not UNCHANGED: nothing counted as applied)
            ImportResult real = k.run(k.file(students(i -> i > 1)), k.file(services(i -> 1)));
            assertThat(real.status()).isEqualTo(ImportStatus.APPLIED);
            assertThat(real.dryRun()).isFalse();
        }
    }
}
