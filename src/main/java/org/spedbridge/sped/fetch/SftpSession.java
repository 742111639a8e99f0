package org.spedbridge.sped.fetch;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFile;
import org.apache.camel.component.file.remote.RemoteFileComponent;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.ObjectHelper;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;

/**
 * ONE SSH session on SIRAS' SFTP server for a run's whole fetch: camel-ftp's own {@link SftpOperations} on the
 * {@code sftp:} endpoint declared in routes/siras-import.camel.yaml (route {@code siras-sftp}), so every option
 * there applies as it does to camel-ftp's consumer: the known_hosts file and strict host-key checking, the
 * password, the connect and socket timeouts, the keep-alives, the bulk requests, the streamed download. Each look
 * lists the endpoint's directory (as camel-ftp's consumer does) and takes the file's size and time from it; a
 * download is camel-ftp's streamed one ({@link SftpOperations#retrieveFile} with the endpoint's
 * {@code streamDownload=true}: the remote file's InputStream), copied into the run's spool folder in one pass that
 * also computes the file's {@link FileFacts} (SHA-256, size, UTF-8, BOM, last line end), so the copy is not read
 * again. A failure is thrown at once (login, host key, unreachable; the connection lost half way as camel-ftp's
 * "Cannot retrieve file", the local disk full as the file system's IOException). Each step (the connection, one look, one download) may take at most
 * {@code stepTimeout}: past it the session is cut and the step fails with {@link StepTimedOut}.
 * {@link #close()} always disconnects; a session is never left open.
 */
public final class SftpSession implements AutoCloseable {

    private final SftpEndpoint endpoint;
    private final Operations operations;
    private final Duration stepTimeout;
    private final ScheduledExecutorService watchdog;

    private static final int BUFFER = 64 * 1024;
    /** What the fetch needs of the endpoint it drives: camel-ftp's streamed download, written nowhere by camel-ftp. */
    private static final String STREAMED_ENDPOINT = "the sftp: endpoint of route siras-sftp (routes/siras-import.camel.yaml)"
            + " must have streamDownload=true and no localWorkDirectory: the fetch copies the stream itself";

    private SftpSession(SftpEndpoint endpoint, Duration stepTimeout, ScheduledExecutorService watchdog) {
        this.endpoint = endpoint;
        this.operations = new Operations(endpoint);
        this.stepTimeout = stepTimeout;
        this.watchdog = watchdog;
    }

    /** Connects (one SSH session, one SFTP channel); a failure leaves nothing open. */
    public static SftpSession open(SftpEndpoint endpoint, Duration stepTimeout, ScheduledExecutorService watchdog) {
        if (!endpoint.getConfiguration().isStreamDownload() || ObjectHelper.isNotEmpty(endpoint.getLocalWorkDirectory())) {
            throw new IllegalStateException(STREAMED_ENDPOINT);
        }
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
                : new ServerFile(name, file.getFileLength(), Instant.ofEpochMilli(file.getLastModified()), null, null);
    }

    /**
     * Downloads the file into {@code into} (the run's spool folder), computing its {@link FileFacts} on the way, while
     * others may read the bytes as they arrive ({@link ArrivingFile}): its size and time as the server listed them right
     * before, the local copy (complete once this returns) and its facts; {@link ServerFile#ABSENT} when it is not
     * there. A download that fails leaves no copy behind; either way {@code into} is failed for its readers.
     */
    public ServerFile download(String name, ArrivingFile into) throws IOException {
        SftpRemoteFile<?> file;
        try {
            file = timed("looking at " + name, () -> find(name));
        } catch (RuntimeException e) {
            into.failed(e);
            throw e;
        }
        if (file == null) {
            into.failed(new IOException(name + " is not on the server"));
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
        try {
            into.complete(timed("downloading " + name, () -> copy(name, exchange, file.getFileLength(), into)));
        } catch (IOException | RuntimeException e) {
            Exception thrown = e instanceof UncheckedIOException u ? u.getCause() : e;
            into.failed(thrown);
            if (thrown instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) thrown;
        }
        return new ServerFile(name, file.getFileLength(), Instant.ofEpochMilli(file.getLastModified()), into.local(),
                into.factsIfComplete());
    }

    /**
     * camel-ftp's streamed download of one file, copied into {@code into} through a {@link FileFacts.Accumulator}.
     * A read that fails is camel-ftp's "Cannot retrieve file" (as its own download says it); a write that fails is
     * the file system's IOException (in an UncheckedIOException, to pass {@link #timed}).
     */
    private FileFacts copy(String name, Exchange exchange, long size, ArrivingFile into) {
        String remote = remotePath(name);
        try (OutputStream out = into.create()) {
            operations.retrieveFile(remote, exchange, size);
            InputStream in = exchange.getIn().getHeader(RemoteFileComponent.REMOTE_FILE_INPUT_STREAM, InputStream.class);
            if (in == null) {
                throw new IllegalStateException("camel-ftp gave no stream for " + name + ": " + STREAMED_ENDPOINT);
            }
            boolean copied = false;
            try {
                FileFacts.Accumulator facts = new FileFacts.Accumulator();
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = read(in, buffer, remote)) >= 0) {
                    out.write(buffer, 0, n);
                    into.wrote(n);
                    facts.update(buffer, 0, n);
                }
                copied = true;
                return facts.finish();
            } finally {
                release(exchange, copied);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int read(InputStream in, byte[] buffer, String remote) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new GenericFileOperationFailedException("Cannot retrieve file: " + remote, e);
        }
    }

    /** Closes the remote file (camel-ftp's own release); after a failure, what closing says is of no interest. */
    private void release(Exchange exchange, boolean copied) {
        try {
            operations.releaseRetrievedFileResources(exchange);
        } catch (RuntimeException e) {
            if (copied) {
                throw e;
            }
        }
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
