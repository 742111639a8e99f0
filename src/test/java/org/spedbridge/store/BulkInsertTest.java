package org.spedbridge.store;

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
import org.spedbridge.support.TestDatabases;

/** Values with COPY's special characters arrive unchanged (PostgreSQL COPY text format; H2 batches). */
class BulkInsertTest {

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void specialCharactersAndNullsRoundTrip(TestDatabases.Kind kind) throws Exception {
        List<String> values = List.of("plain", "tab\there", "back\\slash", "line\nbreak", "cr\rreturn",
                "\\N", "ends with \\", "\t\\\n", "", "José Nguyễn, \"Jr.\"", "emoji \uD83D\uDE00 ✓ ß");
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

    /** Many rows (several COPY sends), dates and numbers: every value arrives as written. */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void manyRowsWithDatesAndNumbers(TestDatabases.Kind kind) throws Exception {
        int rows = 30_000;
        Database db = Database.open(Settings.load(null, Map.of(), TestDatabases.fresh(kind)));
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bulk_m (n INTEGER, big BIGINT, d DATE, v VARCHAR(60))");
            }
            c.setAutoCommit(false);
            java.time.LocalDate first = java.time.LocalDate.of(1999, 12, 31);
            try (BulkInsert in = BulkInsert.open(c, db.isPostgres(), "bulk_m",
                    List.of(BulkInsert.Column.integer("n"), BulkInsert.Column.bigint("big"),
                            BulkInsert.Column.date("d"), BulkInsert.Column.text("v")), 500)) {
                for (int i = 0; i < rows; i++) {
                    in.add(i - 7, 5_000_000_000L + i, first.plusDays(i % 400), "Ñandú row " + i + " \u00e9\u4e2d");
                }
                assertThat(in.rows()).isEqualTo(rows);
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(n), MAX(big),"
                    + " MIN(d), MAX(d), MAX(CASE WHEN n = 12338 THEN v END) FROM bulk_m")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(rows);
                assertThat(rs.getLong(2)).isEqualTo((long) rows * (rows - 1) / 2 - 7L * rows);
                assertThat(rs.getLong(3)).isEqualTo(5_000_000_000L + rows - 1);
                assertThat(rs.getObject(4, java.time.LocalDate.class)).isEqualTo(first);
                assertThat(rs.getObject(5, java.time.LocalDate.class)).isEqualTo(first.plusDays(399));
                assertThat(rs.getString(6)).isEqualTo("Ñandú row 12345 \u00e9\u4e2d");
            }
        } finally {
            db.close();
        }
    }
}
