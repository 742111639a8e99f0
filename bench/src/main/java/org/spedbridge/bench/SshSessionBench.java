package org.spedbridge.bench;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one SSH session costs the import in a cold JVM: N sessions opened one after another against the bench's
 * SIRAS server (a warmed-up MINA SSHD server in its own JVM), each connect + SFTP channel + one stat + disconnect,
 * with the key exchange JSch negotiates (with Bouncy Castle on the class path: sntrup761x25519-sha512) or the one
 * given ({@code kex=curve25519-sha256}). Baseline in the same run: the last session (warm).
 *
 * <pre>mvn -B -o -q -Pbench test-compile exec:exec -Dbench.main=SshSessionBench -Dbench.args="sessions=6"</pre>
 */
public final class SshSessionBench {

    public static void main(String[] args) throws Exception {
        int sessions = 6;
        String kex = null;
        for (String a : args) {
            if (a.startsWith("sessions=")) {
                sessions = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("kex=")) {
                kex = a.substring(4);
            }
        }
        Path work = Files.createDirectories(Path.of("bench/work/ssh-" + System.currentTimeMillis()));
        Path root = Files.createDirectories(work.resolve("siras"));
        Files.writeString(root.resolve("tableA.csv"), "SSID\n1\n");
        Path knownHosts = work.resolve("known_hosts");
        try (SirasServer server = SirasServer.start(true, "1964733", "bench-sftp", root, work.resolve("host.key"),
                knownHosts)) {
            long first = 0;
            long last = 0;
            for (int i = 1; i <= sessions; i++) {
                long t0 = System.nanoTime();
                JSch jsch = new JSch();
                jsch.setKnownHosts(knownHosts.toString());
                Session session = jsch.getSession("1964733", "127.0.0.1", server.port());
                session.setPassword("bench-sftp");
                session.setConfig("StrictHostKeyChecking", "yes");
                if (kex != null) {
                    session.setConfig("kex", kex);
                }
                session.connect(30_000);
                long kexDone = System.nanoTime();
                ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
                sftp.connect(30_000);
                sftp.lstat("tableA.csv");
                sftp.disconnect();
                String negotiated = session.getConfig("kex");
                session.disconnect();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("session %d: %d ms (connect and key exchange %d ms), kex offered %s%n", i, ms,
                        (kexDone - t0) / 1_000_000, negotiated.split(",")[0]);
                if (i == 1) {
                    first = ms;
                }
                last = ms;
            }
            System.out.printf("first / last session: %d / %d ms = %.1fx%n", first, last, (double) first / Math.max(1, last));
        }
    }
}
