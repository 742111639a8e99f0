package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;

/** Values with COPY's special characters arrive unchanged (PostgreSQL COPY text format; H2 batches). */
class BulkInsertTest {

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void specialCharactersAndNullsRoundTrip(TestDatabases.Kind kind) throws Exception {
        List<String> values = List.of("plain", "tab\there", "back\\slash", "line\nbreak", "cr\rreturn",
                "\\N", "ends with \\", "\t\\\n", "", "José Nguyễn, \"Jr.\"");
        Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)));
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bulk_t (n INTEGER, v VARCHAR(50))");
            }
            c.setAutoCommit(false);
            try (BulkInsert in = BulkInsert.open(c, db.isPostgres(), "bulk_t",
                    List.of(BulkInsert.Column.integer("n"), BulkInsert.Column.text("v")), 3)) {
                for (int i = 0; i < values.size(); i++) {
                    in.add(i, values.get(i));
                }
                in.add(values.size(), null);
            }
            c.commit();
            List<String> back = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM bulk_t ORDER BY n")) {
                while (rs.next()) {
                    back.add(rs.getString(1));
                }
            }
            List<String> expected = new ArrayList<>(values);
            expected.add(null);
            assertThat(back).containsExactlyElementsOf(expected);
        } finally {
            db.close();
        }
    }
}
