package org.spedbridge.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;

/**
 * A list answer as an InputStream that is written while it is read: when its buffer runs dry, it asks
 * the rows for more (a {@link RowStream} reads the next chunk from the database then) and serialises
 * them until about {@code bufferBytes} are ready. Memory holds one buffer (plus one row and the current
 * database chunk), however long the list. platform-http-vertx pumps an InputStream body to the client
 * with chunked transfer encoding, reading it on a worker thread, so nothing waits for the whole list.
 * <p>
 * The subclasses write the format: {@link JsonArrayBody} (a JSON array) and {@link XmlListBody}.
 * {@link #beforeEnd} runs once the last row is written and before the end of the list is released: the
 * audit commits there, so a client never holds a complete list that was not audited.
 */
public abstract class ListBody extends InputStream {

    /** About what platform-http-vertx asks for per read. */
    public static final int DEFAULT_BUFFER_BYTES = 8 * 1024;

    private final Iterator<?> rows;
    private final int bufferBytes;
    private final Buffer buffer = new Buffer();
    private int position;
    private boolean started;
    private boolean finished;
    private boolean closed;
    private volatile boolean stopped;
    private volatile Runnable beforeEnd;

    protected ListBody(Iterator<?> rows, int bufferBytes) {
        this.rows = rows;
        this.bufferBytes = Math.max(1, bufferBytes);
    }

    /** The buffer the subclass writes to (its writer is created over it once). */
    protected final OutputStream buffer() {
        return buffer;
    }

    /** Writes what comes before the first row. */
    protected abstract void writeStart() throws IOException;

    /** Writes one row. */
    protected abstract void writeRow(Object row) throws IOException;

    /** Writes what comes after the last row and closes the writer. */
    protected abstract void writeEnd() throws IOException;

    /** Flushes the writer into the buffer. */
    protected abstract void flush() throws IOException;

    /** Runs when the last row has been written, before the end of the list is released (may throw to cut it off). */
    public void beforeEnd(Runnable action) {
        this.beforeEnd = action;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("The answer was closed.");
        }
        if (length == 0) {
            return 0;
        }
        while (position >= buffer.size()) {
            if (finished) {
                return -1;
            }
            refill();
        }
        int n = Math.min(length, buffer.size() - position);
        System.arraycopy(buffer.bytes(), position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return closed ? 0 : buffer.size() - position;
    }

    /**
     * The client has gone: no more rows are read (the database is not asked for the rest of a list
     * nobody receives); the stream ends at the next refill.
     */
    public void stop() {
        stopped = true;
    }

    /** Replaces the buffer's content with the next rows (the start first, the end last). */
    private void refill() throws IOException {
        buffer.reset();
        position = 0;
        if (stopped) {
            finished = true;
            return;
        }
        try {
            if (!started) {
                writeStart();
                started = true;
            }
            while (buffer.size() < bufferBytes && rows.hasNext()) {
                writeRow(rows.next());
                flush();
            }
            if (!rows.hasNext()) {
                writeEnd();
                Runnable action = beforeEnd;
                if (action != null) {
                    action.run();
                }
                finished = true;
            }
        } catch (IOException | RuntimeException e) {
            finished = true;
            buffer.reset(); // a cut-off answer ends here: no half-written row follows, and no end
            throw new IOException("The answer could not be written to the end: " + e.getMessage(), e);
        }
    }

    /**
     * The heap the buffer holds: its capacity, which only grows to fit the largest refill (about
     * bufferBytes plus one row), not with the length of the list.
     */
    public int bufferCapacity() {
        return buffer.bytes().length;
    }

    @Override
    public void close() {
        closed = true;
        finished = true;
        buffer.reset();
    }

    /** A ByteArrayOutputStream that lets the stream read its bytes without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
