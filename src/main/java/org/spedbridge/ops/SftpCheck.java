package org.spedbridge.ops;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import com.jcraft.jsch.UserInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.spedbridge.config.Settings;

/**
 * {@code check sftp}: a new district's first look at SIRAS' SFTP server with the configured settings.
 * Verifies the host key against the known-hosts file and never trusts an unknown key; when the key is
 * not there yet it prints the server's fingerprint and the exact line to add. Lists the two files with
 * size, time and age, and warns when they look stale.
 */
public final class SftpCheck {

    /** The outcome, also the command's exit code. */
    public enum Outcome {
        OK(0), WARNINGS(1), HOST_KEY_UNKNOWN(6), HOST_KEY_CHANGED(7), FAILED(4);

        public final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Settings settings;
    private final Instant now;

    public SftpCheck(Settings settings, Instant now) {
        this.settings = settings;
        this.now = now;
    }

    public Outcome run(PrintWriter out) {
        String host = settings.require("siras.sftp.host");
        int port = settings.getInt("siras.sftp.port");
        String user = settings.require("siras.sftp.username");
        String password = settings.require("siras.sftp.password");
        Path knownHosts = Path.of(settings.require("siras.sftp.known-hosts-file"));
        out.printf("SFTP server   %s port %d, user %s%n", host, port, user);
        out.printf("known hosts   %s%s%n", knownHosts, Files.isRegularFile(knownHosts) ? "" : " (missing)");

        JSch jsch = new JSch();
        RecordingHostKeys hostKeys = new RecordingHostKeys(jsch, knownHosts);
        jsch.setHostKeyRepository(hostKeys);
        Session session = null;
        try {
            session = jsch.getSession(user, host, port);
            session.setPassword(password);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "password");
            session.setUserInfo(new RefuseEverything());
            session.connect(settings.getInt("siras.sftp.connect-timeout-seconds") * 1000);
        } catch (JSchException e) {
            return connectFailure(e, hostKeys, host, port, out);
        }
        try {
            out.printf("host key      OK (%s %s)%n", hostKeys.presented.getType(), hostKeys.presented.getFingerPrint(jsch));
            out.println("login         OK");
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(settings.getInt("siras.sftp.connect-timeout-seconds") * 1000);
            try {
                return listFiles(sftp, out);
            } finally {
                sftp.disconnect();
            }
        } catch (JSchException e) {
            out.println("FAILED: the SFTP subsystem did not open: " + e.getMessage());
            return Outcome.FAILED;
        } finally {
            session.disconnect();
        }
    }

    private Outcome connectFailure(JSchException e, RecordingHostKeys hostKeys, String host, int port, PrintWriter out) {
        String message = String.valueOf(e.getMessage());
        if (hostKeys.result == HostKeyRepository.CHANGED) {
            out.println("FAILED: the server's host key does NOT match the known-hosts file. It may have been replaced, "
                    + "or someone may be in the middle. Ask SIRAS support to confirm the new key's fingerprint before "
                    + "changing the known-hosts file.");
            printKey(hostKeys, host, port, out);
            return Outcome.HOST_KEY_CHANGED;
        }
        if (hostKeys.result == HostKeyRepository.NOT_INCLUDED && hostKeys.presented != null) {
            out.println("NOT TRUSTED: the server's host key is not in the known-hosts file, so nothing was sent. "
                    + "Confirm the fingerprint below with SIRAS support, then add the line to the known-hosts file.");
            printKey(hostKeys, host, port, out);
            return Outcome.HOST_KEY_UNKNOWN;
        }
        if (message.contains("Auth fail") || message.contains("Auth cancel")) {
            out.println("FAILED: the server refused the user name or password. Check siras.sftp.username (the district's "
                    + "7-digit CDS code) and SIRAS_SFTP_PASSWORD.");
        } else {
            out.println("FAILED: cannot connect to " + host + ":" + port + " (" + message + "). Check siras.sftp.host, "
                    + "siras.sftp.port and that the firewall allows outbound connections to that port.");
        }
        return Outcome.FAILED;
    }

    private void printKey(RecordingHostKeys hostKeys, String host, int port, PrintWriter out) {
        HostKey key = hostKeys.presented;
        out.printf("fingerprint   %s %s%n", key.getType(), key.getFingerPrint(hostKeys.jsch));
        out.println("line to add:");
        out.println(knownHostsLine(host, port, key));
    }

    /** The OpenSSH known_hosts line for a host key: {@code [host]:port type base64} (port 22: bare host). */
    static String knownHostsLine(String host, int port, HostKey key) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        return name + " " + key.getType() + " " + key.getKey();
    }

    private Outcome listFiles(ChannelSftp sftp, PrintWriter out) {
        String directory = settings.get("siras.sftp.directory");
        ZoneId zone = ZoneId.of(settings.require("siras.import.time-zone"));
        Instant freshSince = lastWeekdayNight(now, zone);
        Outcome outcome = Outcome.OK;
        for (String name : List.of(settings.require("siras.students-file"), settings.require("siras.services-file"))) {
            String path = directory.isEmpty() ? name : directory + "/" + name;
            try {
                SftpATTRS attrs = sftp.stat(path);
                Instant modified = Instant.ofEpochSecond(attrs.getMTime() & 0xffffffffL);
                Duration age = Duration.between(modified, now);
                out.printf("%-13s %,d bytes, modified %s (%s ago)%n", name, attrs.getSize(),
                        ZonedDateTime.ofInstant(modified, zone).toLocalDateTime().withNano(0), human(age));
                if (modified.isBefore(freshSince)) {
                    out.printf("WARNING: %s is older than the last weekday night (%s): SIRAS may not be refreshing it.%n",
                            name, ZonedDateTime.ofInstant(freshSince, zone).toLocalDateTime());
                    outcome = worst(outcome, Outcome.WARNINGS);
                }
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    out.printf("MISSING: %s is not in the %s. Check siras.sftp.directory and siras.students-file/"
                            + "siras.services-file, or ask SIRAS whether the export ran.%n", name,
                            directory.isEmpty() ? "login directory" : "directory " + directory);
                } else {
                    out.printf("FAILED: cannot read %s: %s%n", name, e.getMessage());
                }
                outcome = Outcome.FAILED;
            }
        }
        return outcome;
    }

    /**
     * The start (21:00 local) of the night before the most recent weekday morning import (04:00 Mon-Fri):
     * a file older than that was not rebuilt for the last scheduled import.
     */
    static Instant lastWeekdayNight(Instant now, ZoneId zone) {
        ZonedDateTime t = ZonedDateTime.ofInstant(now, zone).with(LocalTime.of(4, 0));
        if (t.toInstant().isAfter(now)) {
            t = t.minusDays(1);
        }
        while (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
            t = t.minusDays(1);
        }
        return t.minusDays(1).with(LocalTime.of(21, 0)).toInstant();
    }

    private static Outcome worst(Outcome a, Outcome b) {
        return a.exitCode >= b.exitCode && a != Outcome.OK ? a : b;
    }

    private static String human(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        return minutes < 120 ? minutes + " min" : minutes < 48 * 60 ? (minutes / 60) + " h" : (minutes / 1440) + " days";
    }

    /** The known-hosts file, read-only (JSch's own matching, hashed entries too), remembering what the server showed. */
    private static final class RecordingHostKeys implements HostKeyRepository {
        final JSch jsch;
        final HostKeyRepository file;
        HostKey presented;
        int result = -1;

        RecordingHostKeys(JSch jsch, Path knownHosts) {
            this.jsch = jsch;
            JSch reader = new JSch();
            if (Files.isRegularFile(knownHosts)) {
                try {
                    reader.setKnownHosts(knownHosts.toString());
                } catch (JSchException e) {
                    throw new IllegalStateException("The known-hosts file " + knownHosts + " cannot be read: "
                            + e.getMessage(), e);
                }
            }
            this.file = reader.getHostKeyRepository();
        }

        @Override
        public int check(String host, byte[] key) {
            try {
                presented = new HostKey(host, key);
            } catch (JSchException e) {
                presented = null;
            }
            result = file.check(host, key);
            return result;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // never trust a key automatically
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return file.getKnownHostsRepositoryID();
        }

        @Override
        public HostKey[] getHostKey() {
            return file.getHostKey();
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return file.getHostKey(host, type);
        }
    }

    /** Answers no to every interactive question (e.g. "add this key?"). */
    private static final class RefuseEverything implements UserInfo {
        public String getPassphrase() { return null; }
        public String getPassword() { return null; }
        public boolean promptPassword(String message) { return false; }
        public boolean promptPassphrase(String message) { return false; }
        public boolean promptYesNo(String message) { return false; }
        public void showMessage(String message) { }
    }
}
