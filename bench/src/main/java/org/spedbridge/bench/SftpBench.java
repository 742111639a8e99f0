package org.spedbridge.bench;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Which SFTP client downloads SIRAS' services file fastest (issue 12: "measure JSch against Apache MINA SSHD's
 * client"): rounds alternating, each client downloads the same file from the bench's SIRAS server (a warmed-up
 * MINA SSHD server in its own JVM, host key verified by both clients) into a local file, SHA-256 computed on the
 * way. Baseline in the same run: a local copy of the same file with the same digest (the disk and the hash, no
 * network, no cipher). Ratio = client / baseline; and JSch / MINA.
 *
 * <pre>mvn -B -o -q -Pbench test-compile exec:exec -Dbench.main=SftpBench -Dbench.args="mb=133 rounds=5"</pre>
 * ({@code warm-gcm-mb=N}: AES-128-GCM warmed up in this JVM before round 1, see {@link #warmGcm}.)
 */
public final class SftpBench {

    private static final String USER = "1964733";
    private static final String PASSWORD = "bench-sftp";
    private static final String FILE = "tableB.csv";
    private static final java.util.Set<String> PRINTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opt.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        long mb = Long.parseLong(opt.getOrDefault("mb", "133"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "5"));
        int miniBuffer = Integer.parseInt(opt.getOrDefault("mina-buffer-kb", "256")) * 1024;
        Path work = Files.createDirectories(Path.of("bench/work/sftp-" + System.currentTimeMillis()));
        Path root = Files.createDirectories(work.resolve("siras"));
        Path source = root.resolve(FILE);
        writeCsvLike(source, mb << 20);
        writeCsvLike(root.resolve("tableA.csv"), 4L << 20); // the server's warm-up also serves tableA
        Path knownHosts = work.resolve("known_hosts");
        int warmMb = Integer.parseInt(opt.getOrDefault("warm-gcm-mb", "0"));
        if (warmMb > 0) {
            long t = System.nanoTime();
            warmGcm(warmMb);
            System.err.printf("AES-128-GCM warmed up in this JVM before round 1: %d MB sealed and opened in %d ms%n",
                    warmMb, (System.nanoTime() - t) / 1_000_000);
        }
        try (SirasServer server = SirasServer.start(!"in-process".equals(opt.get("sftp")), USER, PASSWORD, root,
                work.resolve("host.key"), knownHosts)) {
            Map<String, List<Long>> times = new LinkedHashMap<>();
            String expected = null;
            for (int r = 1; r <= rounds; r++) {
                for (String client : List.of("local copy", "JSch", "MINA SSHD", "MINA SSHD aes128-gcm")) {
                    Path target = work.resolve("download-" + client.replace(' ', '-'));
                    Files.deleteIfExists(target);
                    long t = System.nanoTime();
                    String sha = switch (client) {
                        case "local copy" -> copy(source, target);
                        case "JSch" -> jsch(server.port(), knownHosts, target, null);
                        case "MINA SSHD" -> mina(server.port(), knownHosts, target, miniBuffer, false);
                        default -> mina(server.port(), knownHosts, target, miniBuffer, true);
                    };
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    if (expected == null) {
                        expected = sha;
                    } else if (!expected.equals(sha)) {
                        throw new IllegalStateException(client + " downloaded other bytes (SHA-256 " + sha + ")");
                    }
                    times.computeIfAbsent(client, k -> new ArrayList<>()).add(ms);
                    System.err.printf("round %d %-10s %6d ms%n", r, client, ms);
                }
            }
            print(mb, rounds, miniBuffer, times);
        }
    }

    private static void print(long mb, int rounds, int minaBuffer, Map<String, List<Long>> times) {
        System.out.printf("%n## SFTP download of a %d MB file, %d rounds (round 1 cold), SHA-256 on the way%n%n", mb,
                rounds);
        System.out.println("| client | ms per round | median | MB/s (median) | / local copy |");
        System.out.println("|---|---|---|---|---|");
        double base = median(times.get("local copy"));
        for (var e : times.entrySet()) {
            double m = median(e.getValue());
            System.out.printf("| %s | %s | %.0f | %.0f | %.2f |%n", e.getKey(), e.getValue(), m, mb * 1000.0 / m,
                    m / base);
        }
        System.out.printf("%nJSch / MINA SSHD (median): %.2f; JSch / MINA SSHD aes128-gcm: %.2f (MINA read buffer %d KB,"
                + " JSch bulk requests 64)%n", median(times.get("JSch")) / median(times.get("MINA SSHD")),
                median(times.get("JSch")) / median(times.get("MINA SSHD aes128-gcm")), minaBuffer / 1024);
    }

    private static double median(List<Long> values) {
        List<Long> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    private static String copy(Path source, Path target) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(source); OutputStream out = digesting(target, sha)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * As camel-ftp drives JSch for the import: verified host key, 64 read requests in flight; {@code cipher}
     * (e.g. aes128-gcm@openssh.com, an AEAD cipher: no separate MAC) instead of JSch's default order, when given.
     * The negotiated algorithms are printed once per variant (JSch's own log line "kex: server->client ...").
     */
    private static String jsch(int port, Path knownHosts, Path target, String cipher) throws Exception {
        JSch jsch = new JSch();
        String variant = cipher == null ? "default" : cipher;
        jsch.setInstanceLogger(new com.jcraft.jsch.Logger() {
            @Override
            public boolean isEnabled(int level) {
                return level >= INFO;
            }

            @Override
            public void log(int level, String message) {
                if ((message.startsWith("kex: server->client") || message.startsWith("kex: algorithm"))
                        && PRINTED.add(variant + message.substring(0, 12))) {
                    System.err.println("JSch (" + variant + "): " + message);
                }
            }
        });
        jsch.setKnownHosts(knownHosts.toString());
        Session session = jsch.getSession(USER, "127.0.0.1", port);
        session.setPassword(PASSWORD);
        session.setConfig("StrictHostKeyChecking", "yes");
        if (cipher != null) {
            session.setConfig("cipher.s2c", cipher);
            session.setConfig("cipher.c2s", cipher);
        }
        session.connect(30_000);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.setBulkRequests(64);
            sftp.connect(30_000);
            try (OutputStream out = digesting(target, sha)) {
                sftp.get(FILE, out);
            }
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Apache MINA SSHD's client: host key checked against the same known_hosts file, asynchronous read-ahead;
     * {@code gcm}: aes128-gcm@openssh.com (what JSch negotiates) instead of MINA's first choice,
     * chacha20-poly1305@openssh.com (no JIT intrinsic for it in the JDK).
     */
    private static String mina(int port, Path knownHosts, Path target, int bufferSize, boolean gcm) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (SshClient client = SshClient.setUpDefaultClient()) {
            if (gcm) {
                client.setCipherFactoriesNames("aes128-gcm@openssh.com");
            }
            client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                    knownHosts));
            client.start();
            try (ClientSession session = client.connect(USER, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(30)).getSession()) {
                session.addPasswordIdentity(PASSWORD);
                session.auth().verify(Duration.ofSeconds(30));
                if (PRINTED.add("mina " + gcm)) {
                    System.err.println("MINA SSHD: negotiated " + session.getKexNegotiationResult());
                }
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                     InputStream in = sftp.read(FILE, bufferSize);
                     OutputStream out = digesting(target, sha)) {
                    in.transferTo(out);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * {@code warm-gcm-mb}: the JDK's AES-128-GCM (what JSch negotiates) run over that many MB in 32 KB packets
     * before round 1, with no network: does round 1's cold download cost come from the cipher's JIT warm-up?
     */
    private static void warmGcm(int mb) throws Exception {
        javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[16], "AES");
        javax.crypto.Cipher enc = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        javax.crypto.Cipher dec = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        byte[] plain = new byte[32 * 1024];
        byte[] sealed = new byte[plain.length + 16];
        byte[] opened = new byte[plain.length + 16];
        for (long done = 0; done < ((long) mb << 20); done += plain.length) {
            iv[11]++;
            if (iv[11] == 0) {
                iv[10]++;
            }
            enc.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
            int n = enc.doFinal(plain, 0, plain.length, sealed, 0);
            dec.init(javax.crypto.Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
            dec.doFinal(sealed, 0, n, opened, 0);
        }
    }

    private static OutputStream digesting(Path target, MessageDigest sha) throws IOException {
        return new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16), sha);
    }

    /** Text of tableB's shape (commas, digits, dates), so compression or caching cannot flatter anyone. */
    private static void writeCsvLike(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder line = new StringBuilder(160);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long written = 0; written < bytes; ) {
                line.setLength(0);
                line.append("A,").append(1_000_000_000L + random.nextLong(9_000_000_000L)).append(',')
                        .append(random.nextInt(999_999)).append(",330,2025").append(random.nextInt(10, 13))
                        .append(random.nextInt(10, 29)).append(',').append(random.nextInt(10, 400))
                        .append(",,,,1900,").append(random.nextInt(100, 999)).append('\n');
                byte[] b = line.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                o.write(b);
                written += b.length;
            }
        }
    }
}
