package org.spedbridge.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** The real roster-load route: drop a set plus 'ready', the set is loaded and archived. */
class RosterDropFolderRouteTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aCompleteSetIsLoadedAndMovedToDoneAndABadSetToFailedWithProblems(TestDatabases.Kind kind) throws Exception {
        Properties overrides = new Properties();
        overrides.setProperty("roster.drop-poll-delay-ms", "100");
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(kind, temp, overrides))) {
            Path drop = temp.resolve("roster-drop");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(drop));

            // files without the marker are not touched
            RosterLoaderTest.smallSet(drop);
            assertThat(RosterLoaderTest.counts(app.database())).containsOnly(0L);

            Files.createFile(drop.resolve("ready"));
            Path done = drop.resolve("done");
            await().atMost(Duration.ofSeconds(30)).until(() -> onlySubfolder(done) != null
                    && Files.isRegularFile(onlySubfolder(done).resolve("students.csv"))
                    && !Files.exists(drop.resolve("ready")));
            Path archived = onlySubfolder(done);
            assertThat(archived.resolve("programs.csv")).exists();
            assertThat(drop.resolve("students.csv")).doesNotExist();
            assertThat(RosterLoaderTest.counts(app.database())).containsExactly(2L, 3L, 2L, 2L, 1L, 2L, 2L);

            // a bad set: nothing written, moved to failed/ with problems.txt
            RosterLoaderTest.write(drop, "students.csv", "StudentID,SchoolCode,Birthdate",
                    "99400007,994,2009-01-01", "99400008,994,not-a-date");
            Files.createFile(drop.resolve("ready"));
            Path failed = drop.resolve("failed");
            await().atMost(Duration.ofSeconds(30)).until(() -> onlySubfolder(failed) != null
                    && Files.isRegularFile(onlySubfolder(failed).resolve("problems.txt"))
                    && !Files.exists(drop.resolve("ready")));
            Path failedSet = onlySubfolder(failed);
            assertThat(failedSet.resolve("students.csv")).exists();
            assertThat(Files.readString(failedSet.resolve("problems.txt")))
                    .contains("REFUSED")
                    .contains("students.csv line 3: Birthdate 'not-a-date' is not a date")
                    .contains("create the empty file 'ready' last");
            assertThat(RosterLoaderTest.counts(app.database())).containsExactly(2L, 3L, 2L, 2L, 1L, 2L, 2L);
        }
    }

    private static Path onlySubfolder(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> subs = s.filter(Files::isDirectory).toList();
            return subs.size() == 1 ? subs.get(0) : null;
        }
    }
}
