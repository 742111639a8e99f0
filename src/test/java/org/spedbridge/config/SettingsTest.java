package org.spedbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void defaultsComeFromApplicationProperties() {
        Settings s = Settings.load(null, Map.of(), new Properties());
        assertThat(s.get("siras.sftp.host")).isEqualTo("ftp.sirassystems.org");
        assertThat(s.getInt("siras.sftp.port")).isEqualTo(7472);
        assertThat(s.get("siras.students-file")).isEqualTo("tableA.csv");
        assertThat(s.get("siras.services-file")).isEqualTo("tableB.csv");
        assertThat(s.get("siras.import.cron")).isEqualTo("0 0 4 ? * MON-FRI");
        assertThat(s.get("siras.import.time-zone")).isEqualTo("America/Los_Angeles");
        assertThat(s.get("siras.sftp.directory")).isEmpty();
        assertThat(s.get("db.url")).startsWith("jdbc:h2:file:./data/");
    }

    @Test
    void environmentBeatsConfigFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("district.properties");
        Files.writeString(file, "siras.sftp.port=2222\nsiras.sftp.username=1234567\n");
        Settings s = Settings.load(file, Map.of("SIRAS_SFTP_USERNAME", "7654321", "SIRAS_SFTP_PASSWORD", "s3cret",
                "SIRAS_IMPORT_MIN_FILE_AGE_SECONDS", "5"), new Properties());
        assertThat(s.getInt("siras.sftp.port")).isEqualTo(2222);
        assertThat(s.get("siras.sftp.username")).isEqualTo("7654321");
        assertThat(s.get("siras.sftp.password")).isEqualTo("s3cret");
        assertThat(s.getInt("siras.import.min-file-age-seconds")).isEqualTo(5);
        assertThat(s.resolved().getProperty("siras.sftp.password")).isEqualTo("s3cret");
    }

    @Test
    void aNumberOrASwitchWithoutAValueOrWithAWrongOneIsNamed() {
        Properties p = new Properties();
        p.setProperty("siras.import.batch-size", "");
        p.setProperty("siras.import.keep-days", "thirty");
        p.setProperty("siras.import.reapply-unchanged", "yes");
        Settings s = Settings.load(null, Map.of(), p);
        assertThatThrownBy(() -> s.getInt("siras.import.batch-size")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'siras.import.batch-size'").hasMessageContaining("SIRAS_IMPORT_BATCH_SIZE");
        assertThatThrownBy(() -> s.getInt("siras.import.keep-days")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'siras.import.keep-days' must be a whole number, not 'thirty'");
        assertThatThrownBy(() -> s.getBoolean("siras.import.reapply-unchanged")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'siras.import.reapply-unchanged' must be true or false, not 'yes'");
        assertThat(s.getBoolean("siras.import.schedule-enabled")).isTrue();
    }

    @Test
    void everyDefaultTheCodeReadsIsInApplicationProperties() throws Exception {
        // the code reads settings without fallback values: each key it reads must have its default here
        Properties defaults = new Properties();
        try (var r = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(r);
        }
        java.util.regex.Pattern read = java.util.regex.Pattern.compile(
                "settings\\.(?:getInt|getBoolean|require)\\(\"([a-z0-9.-]+)\"\\)");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        try (var sources = Files.walk(Path.of("src/main/java"))) {
            for (Path f : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                var m = read.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertThat(keys).contains("siras.import.work-dir", "siras.import.batch-size", "db.connect-timeout-seconds");
        // required at use and blank by design: secrets (environment only) and what a district must give
        java.util.Set<String> givenByTheDistrict = java.util.Set.of("siras.sftp.username", "siras.sftp.password",
                "check.api.key", "mail.smtp.host");
        for (String key : keys) {
            if (!givenByTheDistrict.contains(key)) {
                assertThat(defaults.getProperty(key)).as(key + " in application.properties").isNotBlank();
            }
        }
    }

    @Test
    void envNameFollowsTheContract() {
        assertThat(Settings.envName("siras.sftp.known-hosts-file")).isEqualTo("SIRAS_SFTP_KNOWN_HOSTS_FILE");
        assertThat(Settings.envName("db.url")).isEqualTo("DB_URL");
    }

    @Test
    void missingRequiredSettingIsNamed() {
        Settings s = Settings.load(null, Map.of(), new Properties());
        assertThatThrownBy(() -> s.require("siras.sftp.username"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'siras.sftp.username'")
                .hasMessageContaining("SIRAS_SFTP_USERNAME");
    }

    @Test
    void missingConfigFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> Settings.load(dir.resolve("nope.properties"), Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties")
                .hasMessageContaining("--config");
    }
}
