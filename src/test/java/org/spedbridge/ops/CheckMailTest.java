package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.Cli;

/** {@code check mail} against a real SMTP server (GreenMail), and against a port where nothing listens. */
class CheckMailTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private Path config(int port) throws Exception {
        Path file = dir.resolve("mail.properties");
        Files.writeString(file, String.join("\n",
                "mail.smtp.host=127.0.0.1",
                "mail.smtp.port=" + port,
                "mail.smtp.starttls=false",
                "report.mail.to=sped-staff@district.example, sped-lead@district.example",
                "report.mail.from=sped-bridge@district.example", ""));
        return file;
    }

    @Test
    void sendsATestMessageToTheReportAddresses() throws Exception {
        Cli result = Cli.run("--config", config(smtp.getSmtp().getPort()).toString(), "check", "mail");
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).startsWith("sped-bridge test message");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("sped-bridge@district.example");
    }

    @Test
    void smtpDownSaysWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli result = Cli.run("--config", config(closedPort).toString(), "check", "mail");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.out()).contains("FAILED: the SMTP server did not take the message").contains("mail.smtp.host");
    }

    @Test
    void missingHostIsNamed() throws Exception {
        Path file = dir.resolve("nohost.properties");
        Files.writeString(file, "mail.smtp.host=\n");
        Cli result = Cli.run("--config", file.toString(), "check", "mail");
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).contains("'mail.smtp.host'").contains("MAIL_SMTP_HOST");
    }
}
