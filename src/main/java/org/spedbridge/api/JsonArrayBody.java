package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * A JSON array as an InputStream that is written while it is read: when its buffer runs dry, it asks
 * the rows for more (a {@link RowStream} reads the next chunk from the database then) and serialises
 * them with Jackson until about {@code bufferBytes} are ready. The bytes are exactly those of
 * {@code mapper.writeValueAsBytes(allRows)}; memory holds one buffer (plus one row and the current
 * database chunk), however long the list. platform-http-vertx pumps an InputStream body to the client
 * with chunked transfer encoding, reading it on a worker thread, so nothing waits for the whole list.
 */
public final class JsonArrayBody extends InputStream {

    /** About what platform-http-vertx asks for per read. */
    public static final int DEFAULT_BUFFER_BYTES = 8 * 1024;

    private final Iterator<?> rows;
    private final int bufferBytes;
    private final Buffer buffer = new Buffer();
    private final JsonGenerator json;
    private int position;
    private boolean started;
    private boolean finished;
    private boolean closed;
    private volatile boolean stopped;

    public JsonArrayBody(Iterator<?> rows, ObjectMapper mapper, int bufferBytes) {
        this.rows = rows;
        this.bufferBytes = Math.max(1, bufferBytes);
        try {
            this.json = mapper.createGenerator(buffer);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("The JSON answer was closed.");
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

    /** Replaces the buffer's content with the next rows (the opening bracket first, the closing one last). */
    private void refill() throws IOException {
        buffer.reset();
        position = 0;
        if (stopped) {
            finished = true;
            return;
        }
        try {
            if (!started) {
                json.writeStartArray();
                started = true;
            }
            while (buffer.size() < bufferBytes && rows.hasNext()) {
                json.writeObject(rows.next());
                json.flush();
            }
            if (!rows.hasNext()) {
                json.writeEndArray();
                json.close();
                finished = true;
            }
        } catch (IOException | RuntimeException e) {
            finished = true;
            buffer.reset(); // a cut-off answer ends here: no half-written row follows
            throw new IOException("The JSON answer could not be written to the end: " + e.getMessage(), e);
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
