package org.spedbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spedbridge.mail.ImportReportMail;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.ImportStatus;
import org.spedbridge.support.Cli;
import org.spedbridge.support.FreePort;

/**
 * The district's CDS code names the district in every report mail: {@code district.cds-code}, else a 7-digit
 * {@code siras.sftp.username}. Without one (or with a malformed one) run, import-now and import-files refuse to
 * start (exit 5, naming the setting), and no mail with a placeholder code is ever written.
 */
class CdsCodeTest {

    @TempDir
    Path dir;

    private static Settings settings(String cds, String user) {
        Properties p = new Properties();
        p.setProperty("district.cds-code", cds);
        p.setProperty("siras.sftp.username", user);
        return Settings.load(null, Map.of(), p);
    }

    @ParameterizedTest
    @CsvSource(value = {
        "1234567 | 7654321 | 1234567",
        "''      | 7654321 | 7654321",
        "0000000 | 7654321 | 7654321",
        "' 1234567 ' | '' | 1234567"}, delimiter = '|')
    void theCodeIsTheSettingOrElseTheSftpUserName(String cds, String user, String code) {
        assertThat(DerivedSettings.cdsCode(settings(cds, user))).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource(value = {
        "''       | ''         | is required",
        "0000000  | ''         | is required",
        "''       | district-7 | 'siras.sftp.username' is 'district-7', not a 7-digit code",
        "0000000  | 123456     | 'siras.sftp.username' is '123456', not a 7-digit code",
        "123456   | 7654321    | must be the district's 7-digit CDS district code, not '123456'",
        "12345678 | ''         | not '12345678'",
        "12a4567  | 1234567    | not '12a4567'"}, delimiter = '|')
    void missingOrMalformedIsRefusedNamingTheSetting(String cds, String user, String why) {
        assertThatThrownBy(() -> DerivedSettings.cdsCode(settings(cds, user)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'district.cds-code'").hasMessageContaining("DISTRICT_CDS_CODE")
                .hasMessageContaining(why);
    }

    @Test
    void noMailIsWrittenWithoutACode() {
        ImportReportMail mail = new ImportReportMail(settings("0000000", "sftp-user"));
        ImportResult r = new ImportResult(1, ImportStatus.FAILED, "schedule", "x", Instant.now(), Instant.now(), null,
                null, null, null, ImportCounts.NONE, List.of());
        assertThatThrownBy(() -> mail.subject(r)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'district.cds-code'");
    }

    /** Settings that would let each command start, but for the CDS code. */
    private Path config(String cds, String user) throws Exception {
        Path file = dir.resolve("district.properties");
        Files.writeString(file, String.join("\n",
                "district.cds-code=" + cds,
                "siras.sftp.username=" + user,
                "siras.sftp.password=secret",
                "report.mail.to=sped@district.example",
                "db.url=jdbc:h2:mem:cds;DB_CLOSE_DELAY=-1",
                "api.port=" + FreePort.find(),
                "management.port=" + FreePort.find(),
                "camel.main.jmx-enabled=false",
                "siras.import.work-dir=" + dir.resolve("runs"),
                "report.mail.outbox-dir=" + dir.resolve("outbox")) + "\n");
        return file;
    }

    @ParameterizedTest
    @CsvSource(value = {"'' | ''", "0000000 | not-a-code", "99 | 1234567"}, delimiter = '|')
    void runImportNowAndImportFilesRefuseToStart(String cds, String user) throws Exception {
        Path config = config(cds, user);
        Path a = Files.writeString(dir.resolve("tableA.csv"), "x\n");
        for (String[] command : List.of(new String[] {"run"}, new String[] {"import-now"},
                new String[] {"import-files", "--students", a.toString(), "--services", a.toString()})) {
            String[] args = new String[command.length + 2];
            args[0] = "--config";
            args[1] = config.toString();
            System.arraycopy(command, 0, args, 2, command.length);
            Cli result = Cli.run(args);
            assertThat(result.exitCode()).as(command[0] + ": " + result.err()).isEqualTo(5);
            assertThat(result.err()).as(command[0]).contains("'district.cds-code'").contains("DISTRICT_CDS_CODE");
        }
        assertThat(dir.resolve("outbox")).as("no mail, no run").doesNotExist();
        assertThat(dir.resolve("runs")).doesNotExist();
    }

    @Test
    void runWithTheScheduleOffStillNeedsTheCode() throws Exception {
        Path config = config("", "");
        Files.writeString(config, Files.readString(config) + "siras.import.schedule-enabled=false\n");
        Cli result = Cli.run("--config", config.toString(), "run");
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).contains("'district.cds-code' is required");
    }
}
