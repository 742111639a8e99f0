package org.spedbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
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
