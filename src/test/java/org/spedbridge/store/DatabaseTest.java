package org.spedbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;
import org.spedbridge.support.TestDatabases;

class DatabaseTest {

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void migrationsCreateTheSchemaOnBothDatabases(TestDatabases.Kind kind) throws Exception {
        Settings settings = Settings.load(null, Map.of(), TestDatabases.fresh(kind));
        try (Database db = Database.open(settings); Connection c = db.connection()) {
            for (String table : new String[] {"school", "student", "contact", "enrollment", "program", "code",
                    "sped_record", "sped_service", "import_run", "import_issue", "api_key", "api_audit"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as(table).isZero();
                }
            }
            assertThat(db.isPostgres()).isEqualTo(kind == TestDatabases.Kind.POSTGRES);
        }
        // a second open finds the schema current and changes nothing
        try (Database again = Database.open(settings); Connection c = again.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM student")) {
            assertThat(rs.next()).isTrue();
        }
    }

    /**
     * The nightly import updates every record it reads: only the primary key indexes sped_record (V10), and on
     * PostgreSQL its pages keep room (V11), so those updates are HOT (no index entries written).
     */
    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void specialEducationRecordsAreUpdatedInPlace(TestDatabases.Kind kind) throws Exception {
        Settings settings = Settings.load(null, Map.of(), TestDatabases.fresh(kind));
        try (Database db = Database.open(settings); Connection c = db.connection()) {
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(),
                    db.isPostgres() ? "sped_record" : "SPED_RECORD", false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        indexes.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            assertThat(indexes).containsExactly("student_id");
            if (!db.isPostgres()) {
                return;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // records written by last night's import (run 6), updated by tonight's (run 7)
                s.executeUpdate("INSERT INTO sped_record (student_id, state_student_id, disability_code,"
                        + " last_import_run_id, services_run_id) SELECT g, CAST(1000000000 + g AS VARCHAR), '210', 6, 6"
                        + " FROM generate_series(1, 500) g");
                c.commit();
                int updated = s.executeUpdate("UPDATE sped_record SET disability_code = '240', last_import_run_id = 7,"
                        + " services_run_id = 7, updated_at = CURRENT_TIMESTAMP");
                try (ResultSet rs = s.executeQuery(
                        "SELECT pg_stat_get_xact_tuples_hot_updated('sped_record'::regclass)")) {
                    rs.next();
                    assertThat(updated).isEqualTo(500);
                    assertThat(rs.getLong(1)).as("HOT updates of 500").isEqualTo(500);
                }
                c.rollback();
            }
        }
    }

    @Test
    void unreachableDatabaseIsAClearError() {
        Properties p = new Properties();
        p.setProperty("db.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        p.setProperty("db.connect-timeout-seconds", "2");
        Settings settings = Settings.load(null, Map.of(), p);
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot connect to the database at jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageContaining("db.url");
    }
}
