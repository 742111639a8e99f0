package org.spedbridge.sped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file on its way into the run's spool folder: its download writes the bytes into {@code <name>.part} as they come
 * ({@link #write}), and the copy takes its name once complete ({@link #complete}: the bytes' {@link FileFacts} with
 * it); a download that fails leaves no copy ({@link #failed}). Meanwhile {@link #open} reads the bytes as they arrive,
 * on another thread: a read waits for the download where it has got to, ends where the complete file ends, and fails
 * with {@link DownloadFailed} when the download fails. So the services file is parsed and written while SIRAS'
 * server still sends it (routes/siras-import.camel.yaml, write services). Thread-safe.
 */
public final class ArrivingFile {

    private final Path local;
    private final Path partial;
    private boolean created;
    private long written;
    private FileFacts facts;
    private Exception failure;

    /** The file that will be {@code local} once downloaded, written into {@code local}.part until then. */
    public ArrivingFile(Path local) {
        this.local = local;
        this.partial = local.resolveSibling(local.getFileName() + ".part");
    }

    /** Where the complete copy is (once {@link #complete}). */
    public Path local() {
        return local;
    }

    /** The copy being written: {@code <name>.part}, created empty. */
    public synchronized OutputStream create() throws IOException {
        OutputStream out = Files.newOutputStream(partial);
        created = true;
        notifyAll();
        return out;
    }

    /** The download wrote {@code n} more bytes into the stream {@link #create} gave (already written through). */
    public synchronized void wrote(int n) {
        written += n;
        notifyAll();
    }

    /** The download is complete: the copy takes its name, and readers read on to its end. */
    public synchronized void complete(FileFacts bytes) throws IOException {
        Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING);
        this.facts = bytes;
        notifyAll();
    }

    /** The download failed (or the file was not there): no copy is left; readers fail with {@link DownloadFailed}. */
    public synchronized void failed(Exception why) {
        if (facts == null && failure == null) {
            failure = why;
            try {
                Files.deleteIfExists(partial);
            } catch (IOException alsoFailed) {
                why.addSuppressed(alsoFailed);
            }
            notifyAll();
        }
    }

    /** The file's facts once it is complete (waits for the download); {@link DownloadFailed} if it failed. */
    public synchronized FileFacts awaitFacts() throws IOException {
        while (facts == null) {
            awaitChange();
        }
        return facts;
    }

    /** The facts if the file is complete already, else null. */
    public synchronized FileFacts factsIfComplete() {
        return facts;
    }

    /** Reads the file from its first byte, as it arrives (also once it is complete); waits for its first bytes. */
    public synchronized InputStream open() throws IOException {
        while (failure != null || !created || (written == 0 && facts == null)) {
            awaitChange(); // throws DownloadFailed once it failed
        }
        return new Reading(FileChannel.open(facts != null ? local : partial, StandardOpenOption.READ));
    }

    /** How many bytes past {@code position} can be read now, waiting for the download; -1 at the end of the file. */
    private synchronized long readable(long position) throws IOException {
        while (true) {
            if (written > position) {
                return written - position;
            }
            if (facts != null) {
                return -1;
            }
            awaitChange();
        }
    }

    private void awaitChange() throws IOException {
        if (failure != null) {
            throw new DownloadFailed(local, failure);
        }
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + local.getFileName() + " to arrive");
        }
        if (failure != null) {
            throw new DownloadFailed(local, failure);
        }
    }

    /** The download of a file being read failed; the fetch says why (the download's own exception is the cause). */
    public static final class DownloadFailed extends IOException {
        DownloadFailed(Path file, Exception cause) {
            super("the download of " + file.getFileName() + " failed: " + cause.getMessage(), cause);
        }
    }

    /** The bytes written so far, read by position from the copy (a rename does not move an open file). */
    private final class Reading extends InputStream {
        private final FileChannel channel;
        private long position;

        Reading(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long readable = readable(position);
            if (readable < 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, readable)), position);
            if (n <= 0) {
                throw new IOException(local.getFileName() + ": the copy ends before the bytes its download wrote");
            }
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
