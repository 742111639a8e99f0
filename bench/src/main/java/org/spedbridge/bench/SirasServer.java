package org.spedbridge.bench;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.spedbridge.demo.EmbeddedSftpServer;

/**
 * The bench's stand-in for SIRAS' SFTP server (Apache MINA SSHD, {@link EmbeddedSftpServer}).
 *
 * <p>By default it runs in a <b>separate JVM</b> that has already served a few large downloads before the
 * measured imports start: SIRAS' server is another, long-running machine, so neither its encryption nor the
 * JIT compilation of its code belongs to the import's time. That JVM still shares this machine's cores with
 * the import. {@code sftp=in-process} keeps the older set-up (the server cold, inside the measured JVM) so
 * that earlier results can be reproduced.
 *
 * <p>The separate JVM is this class's {@link #main}: {@code SirasServer ROOT HOST_KEY KNOWN_HOSTS USER}, the
 * password in the environment variable {@code BENCH_SFTP_PASSWORD}; it prints {@code PORT n} once it is warm,
 * and stops when the bench destroys it or its standard input closes (the bench's JVM ended).
 */
final class SirasServer implements AutoCloseable {

    private static final String PASSWORD_ENV = "BENCH_SFTP_PASSWORD";
    private static final String WARMUP_FILE = "warmup.csv";

    private final int port;
    private final AutoCloseable stop;

    private SirasServer(int port, AutoCloseable stop) {
        this.port = port;
        this.stop = stop;
    }

    int port() {
        return port;
    }

    /** Starts the server (in this JVM or in a warmed-up separate one) and writes a known_hosts file for it. */
    static SirasServer start(boolean separateProcess, String user, String password, Path root, Path hostKey,
            Path knownHosts) throws IOException, InterruptedException {
        if (!separateProcess) {
            EmbeddedSftpServer s = EmbeddedSftpServer.start(0, user, password, root, hostKey);
            s.writeKnownHosts(knownHosts);
            return new SirasServer(s.port(), s);
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SirasServer.class.getName(),
                root.toString(), hostKey.toString(), knownHosts.toString(), user);
        pb.environment().put(PASSWORD_ENV, password);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
            System.err.println("[siras-sftp] " + line);
        }
        if (line == null) {
            throw new IOException("the bench's SFTP server process ended before it was ready (exit "
                    + process.waitFor() + ")");
        }
        int port = Integer.parseInt(line.substring(5).trim());
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.err.println("[siras-sftp] " + l)),
                "siras-sftp-output");
        drain.setDaemon(true);
        drain.start();
        return new SirasServer(port, () -> {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }

    /** The separate server JVM: start, serve a 64 MB file three times to itself (JIT warm-up), print the port. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String user = args[3];
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(PASSWORD_ENV + " is not set");
        }
        EmbeddedSftpServer server = EmbeddedSftpServer.start(0, user, password, root, Path.of(args[1]));
        Path knownHosts = server.writeKnownHosts(Path.of(args[2]));
        Path warmup = root.resolve(WARMUP_FILE);
        writeWarmupFile(warmup, 64L << 20);
        long t = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            download(server.port(), user, password, knownHosts, List.of(WARMUP_FILE, "tableA.csv"));
        }
        Files.delete(warmup);
        System.out.println("warmed up (3 x " + (64 + (Files.size(root.resolve("tableA.csv")) >> 20)) + " MB served) in "
                + (System.nanoTime() - t) / 1_000_000 + " ms");
        System.out.println("PORT " + server.port());
        System.out.flush();
        // serves until the bench destroys this process, or its standard input closes (the bench died)
        while (System.in.read() >= 0) {
            // nothing is sent on it
        }
        server.close();
    }

    private static void writeWarmupFile(Path file, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] line = new byte[100];
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long written = 0; written < bytes; written += line.length) {
                for (int i = 0; i < line.length - 1; i++) {
                    line[i] = (byte) ('a' + random.nextInt(26));
                }
                line[line.length - 1] = '\n';
                o.write(line);
            }
        }
    }

    /** Downloads the files with JSch, as the import does (host key checked), into nothing. */
    private static void download(int port, String user, String password, Path knownHosts, List<String> files)
            throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        Session session = jsch.getSession(user, "127.0.0.1", port);
        session.setPassword(password);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(30_000);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.setBulkRequests(64);
            sftp.connect(30_000);
            for (String f : files) {
                sftp.lstat(f);
                sftp.get(f, OutputStream.nullOutputStream());
            }
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
    }
}
