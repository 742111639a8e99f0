package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.Cli;
import org.spedbridge.support.TestDatabases.Kind;

/** {@code check api --url URL} against sped-bridge's own API, run in-process, keys from a --config file. */
class CheckApiTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    private Cli check(String url, String key) throws Exception {
        Path config = Files.createTempFile(dir, "check", ".properties");
        Files.writeString(config, "check.api.key=" + key + "\n");
        return Cli.run("--config", config.toString(), "check", "api", "--url", url);
    }

    private static String url(ApiFixture f) {
        return "http://127.0.0.1:" + f.port + "/";
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aKeyWithAllFiveAreasIsGrantedEverywhere(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        Cli r = check(url(f), key);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("database year 2025-2026").contains("AeriesVersion 5.0 (sped-bridge)")
                .contains("key           accepted (2 schools)");
        for (String area : ApiFixture.ALL_AREAS) {
            assertThat(r.out()).containsPattern("(?m)^" + area + "\\s+granted\\s+200\\s+/api/v5/");
        }
        // the probes asked about a real student of the first school (12: student 99400003)
        assertThat(r.out()).contains("/api/v5/schools/12/students/99400003/programs?code=144");
        assertThat(r.out() + r.err()).doesNotContain(key);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aMissingAreaIsDeniedWith403AndExit1(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key("student-data", "special-programs", "special-education", "enrollment-history");
        Cli r = check(url(f), key);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).containsPattern("(?m)^contacts\\s+denied\\s+403\\s+.*requires the 'Contacts' permission")
                .containsPattern("(?m)^student-data\\s+granted\\s+200")
                .containsPattern("(?m)^special-education\\s+granted\\s+200")
                .containsPattern("(?m)^special-programs\\s+granted\\s+200")
                .containsPattern("(?m)^enrollment-history\\s+granted\\s+200")
                .contains("database year 2025-2026");
        assertThat(r.out() + r.err()).doesNotContain(key);

        // each program area on its own: the probe for the other one is denied
        Cli spedOnly = check(url(f), f.key("student-data", "special-education", "contacts", "enrollment-history"));
        assertThat(spedOnly.exitCode()).isEqualTo(1);
        assertThat(spedOnly.out()).containsPattern("(?m)^special-programs\\s+denied\\s+403")
                .containsPattern("(?m)^special-education\\s+granted\\s+200");
        Cli programsOnly = check(url(f), f.key("student-data", "special-programs", "contacts", "enrollment-history"));
        assertThat(programsOnly.exitCode()).isEqualTo(1);
        assertThat(programsOnly.out()).containsPattern("(?m)^special-education\\s+denied\\s+403")
                .containsPattern("(?m)^special-programs\\s+granted\\s+200");
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aWrongKeyIsRefusedWith401(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String wrong = "NotTheKeyNotTheKeyNotTheKey";
        Cli r = check(url(f), wrong);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("database year 2025-2026").contains("the key was refused (401)")
                .contains("CHECK_API_KEY").doesNotContain("granted");
        assertThat(r.out() + r.err()).doesNotContain(wrong);

        String revoked = f.key(ApiFixture.ALL_AREAS);
        f.keys.revoke(f.idOf(revoked));
        Cli r2 = check(url(f), revoked);
        assertThat(r2.exitCode()).isEqualTo(3);
        assertThat(r2.out()).contains("revoked");
        assertThat(r2.out() + r2.err()).doesNotContain(revoked);
    }

    @Test
    void nothingListeningIsBroken() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli r = check("http://127.0.0.1:" + closed, "SomeKeySomeKeySomeKey1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("FAILED").contains("Check the URL");
        assertThat(r.out() + r.err()).doesNotContain("SomeKeySomeKeySomeKey1");
    }

    @Test
    void noKeyNamesTheEnvironmentVariable() throws Exception {
        Path config = dir.resolve("nokey.properties");
        Files.writeString(config, "check.api.key=\n");
        Cli r = Cli.run("--config", config.toString(), "check", "api", "--url", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("'check.api.key'").contains("CHECK_API_KEY");
    }
}
