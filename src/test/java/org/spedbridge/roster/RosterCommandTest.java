package org.spedbridge.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.cli.SpedBridge;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

/** {@code sped-bridge roster load DIR}: exit codes and what it prints. */
class RosterCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private Path config(Properties p) throws Exception {
        Path file = temp.resolve("test.properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }

    @Test
    void loadsPrintsCountsAndExitsZeroThenRefusesABadSetWithThree() throws Exception {
        Properties db = TestDatabases.fresh(TestDatabases.Kind.H2);
        // a file database so that the command's own connection and this test see the same data
        db.setProperty("db.url", "jdbc:h2:file:" + temp.resolve("db").toAbsolutePath() + ";AUTO_SERVER=FALSE");
        Path config = config(db);
        Path set = temp.resolve("set");
        RosterLoaderTest.smallSet(set);

        int code = SpedBridge.execute("--config", config.toString(), "roster", "load", set.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SpedBridge.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("students.csv    -> student               3 rows")
                .contains("programs.csv    -> sped_record           2 rows")
                .contains("Roster loaded from");
        String loadedOut = out.toString(StandardCharsets.UTF_8);

        Path bad = temp.resolve("bad");
        RosterLoaderTest.write(bad, "students.csv", "StudentID,SchoolCode,Grade,Color", "99400001,994,twelve,red");
        code = SpedBridge.execute("--config", config.toString(), "roster", "load", bad.toString());

        assertThat(code).isEqualTo(SpedBridge.REFUSED);
        String refusedOut = out.toString(StandardCharsets.UTF_8).substring(loadedOut.length());
        assertThat(refusedOut).as("a refusal never looks like a load on standard output")
                .startsWith("Roster load REFUSED: nothing was written (1 error(s)")
                .contains("students.csv    -> student               0 good rows, not written")
                .doesNotContain("Roster loaded")
                .contains("warning: students.csv line 1: unknown column 'Color'");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("error: students.csv line 2: Grade 'twelve' is not a whole number.")
                .contains("REFUSED: nothing was written");
        try (Database d = Database.open(Settings.load(null, Map.of(), db))) {
            assertThat(RosterLoaderTest.row(d, "SELECT grade FROM student WHERE student_id = 99400001"))
                    .containsExactly(12);
        }
    }

    @Test
    void anUnreachableDatabaseExitsFive() throws Exception {
        Properties p = new Properties();
        p.setProperty("db.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        p.setProperty("db.connect-timeout-seconds", "2");
        Path set = temp.resolve("set");
        RosterLoaderTest.smallSet(set);

        int code = SpedBridge.execute("--config", config(p).toString(), "roster", "load", set.toString());

        assertThat(code).isEqualTo(SpedBridge.CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot connect to the database");
    }

    @Test
    void aFolderWithoutRosterFilesIsRefused() throws Exception {
        Properties db = TestDatabases.fresh(TestDatabases.Kind.H2);
        Path empty = Files.createDirectories(temp.resolve("empty"));
        int code = SpedBridge.execute("--config", config(db).toString(), "roster", "load", empty.toString());
        assertThat(code).isEqualTo(SpedBridge.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no roster file found");
    }
}
