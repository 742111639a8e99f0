package org.spedbridge.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Properties;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.demo.EmbeddedSftpServer;
import org.spedbridge.sped.ImportResult;

/**
 * The world around the import route in a test: SIRAS' SFTP server (real MINA SSHD), its known_hosts
 * file, an SMTP server (GreenMail on a free port) and the settings that point the app at them.
 */
public final class SirasSite implements AutoCloseable {

    public static final String USER = "1234567";
    public static final String PASSWORD = "pa ss&w%rd+1";

    public final Path dir;
    public final Path sftpRoot;
    public final Path knownHosts;
    public EmbeddedSftpServer sftp;
    public GreenMail smtp;
    public final int smtpPort;

    public SirasSite(Path dir) throws IOException {
        this.dir = dir;
        this.sftpRoot = dir.resolve("siras");
        this.knownHosts = dir.resolve("known_hosts");
        this.smtpPort = freePort();
        this.sftp = EmbeddedSftpServer.start(0, USER, PASSWORD, sftpRoot, dir.resolve("host-key-1"));
        sftp.writeKnownHosts(knownHosts);
    }

    /** Restarts SIRAS' server on the same port with a NEW host key (the known_hosts line no longer matches). */
    public void restartWithNewHostKey() throws IOException {
        int port = sftp.port();
        sftp.close();
        sftp = EmbeddedSftpServer.start(port, USER, PASSWORD, sftpRoot, dir.resolve("host-key-2"));
    }

    /** Trusts SIRAS' host key also on {@code port} (a {@link TcpRelay} in front of the server). */
    public void trustAlsoOnPort(int port) throws IOException {
        Files.writeString(knownHosts, sftp.knownHostsLine().replace("]:" + sftp.port() + " ", "]:" + port + " ") + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    public void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    /** A file on the SIRAS server, last modified {@code ageSeconds} ago. */
    public void put(String name, String content, long ageSeconds) throws IOException {
        Path f = sftpRoot.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
    }

    /**
     * A students file of about {@code megabytes} MB on the server (rows of the tableA layout), last modified an
     * hour ago: a download that takes a while behind a slowed {@link TcpRelay}, or that does not fit a small disk.
     */
    public void putLargeStudentsFile(String name, int megabytes) throws IOException {
        Path f = sftpRoot.resolve(name);
        StringBuilder rows = new StringBuilder("Record Type Code,Transaction Type Code,Reporting LEA,School of Attendance,"
                + "Academic Year ID,SSID,Local Student ID,Student Legal First Name,Student Legal Last Name,"
                + "Student Birth Date,Education Plan Type Code,Disability 1 Code\n");
        for (long i = 0; rows.length() < megabytes * 1024L * 1024L; i++) {
            rows.append("SPED,A,1964212,1964212,2025-2026,").append(2000000000L + i).append(",,Ana,Lopez,20150101,100,240\n");
        }
        Files.writeString(f, rows, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    /**
     * A services file of about {@code megabytes} MB on the server (rows of the tableB layout, every one a service of
     * the student {@code ssid}), last modified an hour ago: a download that takes a while behind a slowed
     * {@link TcpRelay}, or that does not fit a small disk. Returns its number of rows.
     */
    public int putLargeServicesFile(String name, int megabytes, String ssid) throws IOException {
        Path f = sftpRoot.resolve(name);
        StringBuilder rows = new StringBuilder("Record Type Code,Transaction Type Code,SSID,Local Student ID,"
                + "Special Education Service Code,Special Education Service Provider Code,Service Location Code,"
                + "Service Frequency Code,Service Duration,Nonpublic Agency Identifier,Service Start Date,Service End Date\n");
        int n = 0;
        while (rows.length() < megabytes * 1024L * 1024L) {
            rows.append("SSRV,A,").append(ssid).append(",,330,100,100,2,30,,20240315,20250315\n");
            n++;
        }
        Files.writeString(f, rows, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
        return n;
    }

    /** Settings that point the app at this site (SMTP too, whether it is up or not). */
    public Properties settings() {
        Properties p = new Properties();
        p.setProperty("district.cds-code", USER);
        p.setProperty("siras.sftp.host", "127.0.0.1");
        p.setProperty("siras.sftp.port", Integer.toString(sftp.port()));
        p.setProperty("siras.sftp.username", USER);
        p.setProperty("siras.sftp.password", PASSWORD);
        p.setProperty("siras.sftp.known-hosts-file", knownHosts.toString());
        p.setProperty("siras.sftp.connect-timeout-seconds", "5");
        p.setProperty("siras.sftp.transfer-timeout-seconds", "20");
        p.setProperty("siras.import.min-file-age-seconds", "60");
        p.setProperty("report.mail.to", "sped-staff@district.example, director@district.example");
        p.setProperty("report.mail.from", "sped-bridge@district.example");
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        p.setProperty("mail.smtp.starttls", "false");
        p.setProperty("mail.smtp.timeout-seconds", "3");
        p.setProperty("mail.retry.initial-delay-seconds", "1");
        p.setProperty("mail.retry.max-delay-seconds", "2");
        return p;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        if (smtp != null) {
            smtp.stop();
        }
        sftp.close();
    }

    /** Runs the import now through the route (direct:siras-import, as import-now does); the route must not throw. */
    public static ImportResult runNow(SpedBridgeApp app) {
        var ex = app.camelContext().createProducerTemplate().send("direct:siras-import",
                e -> e.getIn().setHeader("trigger", "now"));
        org.assertj.core.api.Assertions.assertThat(ex.getException()).isNull();
        return ex.getMessage().getBody(ImportResult.class);
    }
}
