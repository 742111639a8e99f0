package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spedbridge.sped.ChangeHoldTest.N;
import static org.spedbridge.sped.ChangeHoldTest.services;
import static org.spedbridge.sped.ChangeHoldTest.ssid;
import static org.spedbridge.sped.ChangeHoldTest.students;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.cli.SpedBridge;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.CommandConfig;
import org.spedbridge.support.TestDatabases;

/**
 * The change hold's commands: {@code import-files} exits 6 for HELD (and as the run would with --dry-run),
 * {@code import-release RUN_ID} applies the held run's kept files (exit 0) and exits 7 for a run it cannot release.
 */
class ImportReleaseCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private Run sped(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpedBridge.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static long count(Settings settings, String sql) throws Exception {
        try (Database db = Database.open(settings); Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long runId(String out, String status) {
        Matcher m = Pattern.compile("SIRAS import run (\\d+)[^\\n]*: " + Pattern.quote(status)).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void importFilesExitsSixForHeldAndImportReleaseAppliesIt(TestDatabases.Kind kind) throws Exception {
        Path config = CommandConfig.write(tmp, TestDatabases.fresh(kind));
        Settings settings = Settings.load(config);
        try (Database db = Database.open(settings); Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO student (student_id, school_code, state_student_id,"
                     + " first_name, last_name, grade, inactive_status_code) VALUES (?, 10, ?, 'F', 'L', 5, '')")) {
            for (int i = 1; i <= N; i++) {
                ps.setInt(1, 3000 + i);
                ps.setString(2, ssid(i));
                ps.executeUpdate();
            }
        }
        Path a = tmp.resolve("tableA.csv");
        Path b = tmp.resolve("tableB.csv");
        Files.writeString(a, students(i -> true));
        Files.writeString(b, services(i -> 2));
        Run first = sped("--config", config.toString(), "import-files", "--students", a.toString(), "--services",
                b.toString());
        assertThat(first.code()).as(first.toString()).isZero();

        // SIRAS' export stopped half way: 10 of 20 students
        Files.writeString(a, students(i -> i > 10));
        Run dry = sped("--config", config.toString(), "import-files", "--dry-run", "--students", a.toString(),
                "--services", b.toString());
        assertThat(dry.code()).as(dry.toString()).isEqualTo(6);
        assertThat(dry.out()).contains(": DRY RUN (would be HELD)");
        assertThat(count(settings, "SELECT COUNT(*) FROM import_run")).isEqualTo(1);

        Run held = sped("--config", config.toString(), "import-files", "--students", a.toString(), "--services",
                b.toString());
        assertThat(held.code()).as(held.toString()).isEqualTo(6);
        long heldId = runId(held.out(), "HELD");
        assertThat(held.out()).contains("not in the file: 10 of 20 (50 %), hold over 5 %");
        assertThat(count(settings, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + heldId)).isZero();

        // the files given may change or go: the release reads the copies kept in the run folder
        Files.delete(a);
        Run released = sped("--config", config.toString(), "import-release", Long.toString(heldId));
        assertThat(released.code()).as(released.toString()).isZero();
        long releaseId = runId(released.out(), "APPLIED");
        assertThat(released.out()).contains("(release of run " + heldId + "): APPLIED");
        assertThat(count(settings, "SELECT COUNT(*) FROM sped_record WHERE last_import_run_id = " + releaseId))
                .isEqualTo(10);
        assertThat(count(settings, "SELECT COUNT(*) FROM import_run WHERE trigger_name = 'release' AND status = 'APPLIED'"
                + " AND id = " + releaseId)).isEqualTo(1);

        Run again = sped("--config", config.toString(), "import-release", Long.toString(heldId));
        assertThat(again.code()).as(again.toString()).isEqualTo(7);
        assertThat(again.err()).contains("was released already: run " + releaseId);
        Run unknown = sped("--config", config.toString(), "import-release", "999999");
        assertThat(unknown.code()).isEqualTo(7);
        assertThat(unknown.err()).contains("There is no import run 999999.");
    }

    @Test
    void helpListsTheExitCodes() {
        Run help = sped("import-release", "--help");
        assertThat(help.code()).isZero();
        assertThat(oneLine(help.out())).contains("RUN_ID").contains("7 the run cannot be released");
        assertThat(oneLine(sped("import-files", "--help").out())).contains("--dry-run").contains("6 held");
        assertThat(oneLine(sped("import-now", "--help").out())).contains("--dry-run").contains("6 held");
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
