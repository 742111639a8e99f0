package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.cli.SpedBridge;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/** {@code keys ...} on the database of a running server: every change is seen without a restart. */
class KeysCommandTest {

    @TempDir
    Path tmp;

    private Path config;

    /** What one command printed and returned. */
    record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }
    }

    private Run keys(String stdin, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "--config";
        all[1] = config.toString();
        all[2] = "keys";
        System.arraycopy(args, 0, all, 3, args.length);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int code = SpedBridge.execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void keysCommandsTakeEffectOnARunningServer(Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        config = tmp.resolve("district.properties");
        try (var w = Files.newBufferedWriter(config)) {
            db.store(w, "test database");
        }
        Properties overrides = ApiFixtures.defaults();
        overrides.putAll(db);
        try (ApiFixture f = new ApiFixture(kind, tmp, overrides)) {
            String contacts = "/api/v5/schools/994/contacts";
            String enrollment = "/api/v5/enrollment/0";

            Run created = keys(null, "create", "--name", "siras", "--areas", "student-data,contacts", "--expires", "2999-12-31");
            assertThat(created.code()).as(created.err()).isEqualTo(SpedBridge.OK);
            String key = created.lastLine();
            assertThat(key).matches("[A-Za-z0-9]{20}");
            assertThat(created.out().split("\\R")).filteredOn(l -> l.contains(key)).hasSize(1);
            long id = f.idOf(key);
            assertThat(f.get(contacts, key).statusCode()).isEqualTo(200);
            assertThat(f.get(enrollment, key).statusCode()).isEqualTo(403);

            assertThat(keys(null, "grant", Long.toString(id), "enrollment-history").code()).isEqualTo(SpedBridge.OK);
            assertThat(f.get(enrollment, key).statusCode()).isEqualTo(200);
            assertThat(keys(null, "deny", Long.toString(id), "contacts").code()).isEqualTo(SpedBridge.OK);
            assertThat(f.get(contacts, key).statusCode()).isEqualTo(403);
            // import-admin (POST /admin/import-now) is granted and denied like the areas
            assertThat(keys(null, "grant", Long.toString(id), "import-admin").code()).isEqualTo(SpedBridge.OK);
            assertThat(keys(null, "list").out()).contains("student-data,enrollment-history,import-admin");
            assertThat(keys(null, "deny", Long.toString(id), "import-admin").code()).isEqualTo(SpedBridge.OK);

            Run list = keys(null, "list");
            assertThat(list.code()).isEqualTo(SpedBridge.OK);
            assertThat(list.out()).contains("siras", "student-data,enrollment-history", "2999-12-31", "active")
                    .doesNotContain(key).doesNotContain(ApiKeys.hash(key));

            assertThat(keys(null, "revoke", Long.toString(id)).code()).isEqualTo(SpedBridge.OK);
            assertThat(f.get(enrollment, key).statusCode()).isEqualTo(401);
            assertThat(keys(null, "list").out()).contains("revoked");
            assertThat(keys(null, "revoke", "999999").code()).isEqualTo(SpedBridge.USAGE);

            // import reads the key from standard input only
            String existing = "SirasSetupPageKey2025xyz";
            Run imported = keys(existing + "\n", "import", "--name", "siras-old", "--areas", "special-education");
            assertThat(imported.code()).as(imported.err()).isEqualTo(SpedBridge.OK);
            assertThat(imported.out()).doesNotContain(existing);
            assertThat(f.get("/api/v5/schools/994/students/0/programs", existing).statusCode()).isEqualTo(200);
            assertThat(keys(existing + "\n", "import", "--name", "again", "--areas", "contacts").code()).isEqualTo(SpedBridge.USAGE);
            assertThat(keys("short\n", "import", "--name", "x", "--areas", "contacts").code()).isEqualTo(SpedBridge.USAGE);
            assertThat(keys("", "import", "--name", "x", "--areas", "contacts").code()).isEqualTo(SpedBridge.USAGE);
            assertThat(keys(null, "import", "--name", "x", "--areas", "contacts", existing).code()).isEqualTo(SpedBridge.USAGE);

            // lengths and areas are checked with messages that say what is valid
            assertThat(keys(null, "create", "--name", "long", "--areas", "contacts", "--length", "64").lastLine()).hasSize(64);
            Run tooShort = keys(null, "create", "--name", "short", "--areas", "contacts", "--length", "19");
            assertThat(tooShort.code()).isEqualTo(SpedBridge.USAGE);
            assertThat(tooShort.err()).contains("between 20 and 64");
            Run badArea = keys(null, "create", "--name", "bad", "--areas", "contacts,grades");
            assertThat(badArea.code()).isEqualTo(SpedBridge.USAGE);
            assertThat(badArea.err()).contains("Unknown area 'grades'",
                    "student-data, special-programs, special-education, contacts, enrollment-history");
            assertThat(keys(null, "grant", Long.toString(id), "everything").code()).isEqualTo(SpedBridge.USAGE);

            String stored = ApiSecurityTest.tableText(f, "api_key");
            assertThat(stored).doesNotContain(key).doesNotContain(existing);
        }
    }
}
