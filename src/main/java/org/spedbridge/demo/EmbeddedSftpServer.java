package org.spedbridge.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1, standing in for SIRAS' server in the demo
 * and the tests: password authentication for one user, files served from one folder, an EC host
 * key kept in a file so the known_hosts line stays valid across restarts.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private final SshServer sshd;
    private final Path root;
    private final PublicKey hostKey;
    private final AtomicInteger sessionsAccepted;
    private final AtomicInteger sessionsOpen;

    private EmbeddedSftpServer(SshServer sshd, Path root, PublicKey hostKey, AtomicInteger sessionsAccepted,
            AtomicInteger sessionsOpen) {
        this.sshd = sshd;
        this.root = root;
        this.hostKey = hostKey;
        this.sessionsAccepted = sessionsAccepted;
        this.sessionsOpen = sessionsOpen;
    }

    /**
     * Starts a server. {@code port} 0 picks a free port. The host key is read from (or generated into)
     * {@code hostKeyFile}: pass a new file to simulate a server whose key changed.
     */
    public static EmbeddedSftpServer start(int port, String user, String password, Path root, Path hostKeyFile)
            throws IOException {
        Files.createDirectories(root);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        keys.setKeySize(256);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        sshd.setPublickeyAuthenticator((u, key, session) -> false);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                accepted.incrementAndGet();
                open.incrementAndGet();
            }

            @Override
            public void sessionClosed(Session session) {
                open.decrementAndGet();
            }
        });
        sshd.start();
        KeyPair pair;
        try {
            pair = keys.loadKeys(null).iterator().next();
        } catch (Exception e) {
            sshd.stop(true);
            throw new IOException("cannot read the SFTP host key " + hostKeyFile, e);
        }
        return new EmbeddedSftpServer(sshd, root, pair.getPublic(), accepted, open);
    }

    /** SSH sessions (connections) this server accepted since it started. */
    public int sessionsAccepted() {
        return sessionsAccepted.get();
    }

    /** SSH sessions open right now (accepted and not closed yet). */
    public int sessionsOpen() {
        return sessionsOpen.get();
    }

    public int port() {
        return sshd.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The folder the SFTP user sees as its login directory. */
    public Path root() {
        return root;
    }

    /** The OpenSSH known_hosts line for this server, e.g. {@code [127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA...}. */
    public String knownHostsLine() {
        return "[" + host() + "]:" + port() + " " + PublicKeyEntry.toString(hostKey);
    }

    /** SHA256 fingerprint of the host key, as ssh-keygen -l shows it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(hostKey);
    }

    /** Writes a known_hosts file that trusts this server. */
    public Path writeKnownHosts(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
