package org.spedbridge.sped.fetch;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.file.remote.RemoteFile;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.support.DefaultExchange;

/**
 * ONE SSH session on SIRAS' SFTP server for a run's whole fetch: camel-ftp's own {@link SftpOperations} on the
 * {@code sftp:} endpoint declared in routes/siras-import.camel.yaml (route {@code siras-sftp}), so every option
 * there applies as it does to camel-ftp's consumer: the known_hosts file and strict host-key checking, the
 * password, the connect and socket timeouts, the keep-alives, the bulk requests, the local work folder. Each look
 * lists the endpoint's directory (as camel-ftp's consumer does) and takes the file's size and time from it; a
 * download goes through {@link SftpOperations#retrieveFile} into the local work folder, then into the run's spool
 * folder. A failure is camel-ftp's exception, thrown at once (login, host key, unreachable, the connection lost
 * half way, the local disk full). Each step (the connection, one look, one download) may take at most
 * {@code stepTimeout}: past it the session is cut and the step fails with {@link StepTimedOut}.
 * {@link #close()} always disconnects; a session is never left open.
 */
public final class SftpSession implements AutoCloseable {

    private final SftpEndpoint endpoint;
    private final Operations operations;
    private final Duration stepTimeout;
    private final ScheduledExecutorService watchdog;

    private SftpSession(SftpEndpoint endpoint, Duration stepTimeout, ScheduledExecutorService watchdog) {
        this.endpoint = endpoint;
        this.operations = new Operations(endpoint);
        this.stepTimeout = stepTimeout;
        this.watchdog = watchdog;
    }

    /** Connects (one SSH session, one SFTP channel); a failure leaves nothing open. */
    public static SftpSession open(SftpEndpoint endpoint, Duration stepTimeout, ScheduledExecutorService watchdog) {
        SftpSession session = new SftpSession(endpoint, stepTimeout, watchdog);
        try {
            session.timed("connecting to " + endpoint.getConfiguration().remoteServerInformation(), () ->
                    session.operations.connect(endpoint.getConfiguration(), null));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** The file's name, size and time on the server, or {@link ServerFile#ABSENT}; nothing is downloaded. */
    public ServerFile look(String name) {
        SftpRemoteFile<?> file = timed("looking at " + name, () -> find(name));
        return file == null ? ServerFile.ABSENT
                : new ServerFile(name, file.getFileLength(), Instant.ofEpochMilli(file.getLastModified()), null);
    }

    /**
     * Downloads the file into {@code spool} (through the endpoint's local work folder): its size and time as the
     * server listed them right before, and the local copy; {@link ServerFile#ABSENT} when it is not there.
     */
    public ServerFile download(String name, Path spool) throws IOException {
        SftpRemoteFile<?> file = timed("looking at " + name, () -> find(name));
        if (file == null) {
            return ServerFile.ABSENT;
        }
        RemoteFile<SftpRemoteFile> target = new RemoteFile<>();
        target.setEndpointPath(directory());
        target.setFileName(name);
        target.setFileNameOnly(name);
        target.setRelativeFilePath(name);
        target.setAbsoluteFilePath(remotePath(name));
        target.setFileLength(file.getFileLength());
        target.setLastModified(file.getLastModified());
        Exchange exchange = new DefaultExchange(endpoint.getCamelContext());
        exchange.setProperty(FileComponent.FILE_EXCHANGE_FILE, target);
        timed("downloading " + name, () -> operations.retrieveFile(remotePath(name), exchange, file.getFileLength()));
        String work = exchange.getIn().getHeader(FileConstants.FILE_LOCAL_WORK_PATH, String.class);
        if (work == null || !Files.isRegularFile(Path.of(work))) {
            throw new IOException("the download of " + name + " left no local file in the work folder");
        }
        Path local = spool.resolve(name);
        Files.move(Path.of(work), local, StandardCopyOption.REPLACE_EXISTING);
        return new ServerFile(name, file.getFileLength(), Instant.ofEpochMilli(file.getLastModified()), local);
    }

    /** The server (host:port) this session is on. */
    public String server() {
        return endpoint.getConfiguration().remoteServerInformation();
    }

    /** Disconnects; nothing stays open, whatever state the session is in. */
    @Override
    public void close() {
        operations.cut();
        operations.forceDisconnect();
    }

    private SftpRemoteFile<?> find(String name) {
        String dir = directory();
        for (SftpRemoteFile<?> f : operations.listFiles(dir.isEmpty() ? "." : dir)) {
            if (!f.isDirectory() && name.equals(f.getFilename())) {
                return f;
            }
        }
        return null;
    }

    private String directory() {
        String dir = endpoint.getConfiguration().getDirectory();
        return dir == null ? "" : dir;
    }

    private String remotePath(String name) {
        String dir = directory();
        return dir.isEmpty() || dir.equals(".") ? name : dir.replaceAll("/+$", "") + "/" + name;
    }

    /** Runs one step; past {@code stepTimeout} the SSH session is cut, so the step fails and says it timed out. */
    private <T> T timed(String what, Supplier<T> step) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> timer = watchdog.schedule(() -> {
            fired.set(true);
            operations.cut();
        }, stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            T result = step.get();
            if (fired.get()) {
                throw new StepTimedOut(what, stepTimeout);
            }
            return result;
        } catch (RuntimeException e) {
            if (fired.get()) {
                StepTimedOut timedOut = new StepTimedOut(what, stepTimeout);
                timedOut.addSuppressed(e);
                throw timedOut;
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** A step of the fetch took longer than siras.sftp.transfer-timeout-seconds. */
    public static final class StepTimedOut extends RuntimeException {
        StepTimedOut(String what, Duration limit) {
            super(what + " did not finish within " + limit.toSeconds()
                    + " s (siras.sftp.transfer-timeout-seconds): the connection was cut");
        }
    }

    /**
     * camel-ftp's SftpOperations, keeping a hand on the JSch session it makes so the watchdog can cut it while a
     * step holds the operations' lock (their own disconnect waits for that lock).
     */
    private static final class Operations extends SftpOperations {

        private volatile Session session;

        Operations(SftpEndpoint endpoint) {
            super(endpoint.getProxy());
            setEndpoint(endpoint);
        }

        @Override
        protected Session createSession(RemoteFileConfiguration configuration) throws JSchException {
            Session created = super.createSession(configuration);
            session = created;
            return created;
        }

        void cut() {
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
        }
    }
}
