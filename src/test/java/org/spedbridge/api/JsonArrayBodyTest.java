package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming JSON body: the same bytes as Jackson writing the whole list, with a bounded buffer. */
class JsonArrayBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A student-like row with the value types the views produce (numbers, strings, nulls, nested arrays). */
    private static Map<String, Object> row(int i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("StudentID", 99400000 + i);
        r.put("SchoolCode", 994);
        r.put("BigNumber", 5_000_000_000L + i);
        r.put("StateStudentID", String.format("%010d", i));
        r.put("LastName", "Nuñez-Ødegård \"" + i + "\" \\ ☃ 𝄞");
        r.put("FirstName", "");
        r.put("Birthdate", i % 3 == 0 ? null : "2010-02-03T00:00:00");
        List<Map<String, Object>> ext = new ArrayList<>();
        ext.add(new LinkedHashMap<>(Map.of("Name", "DisabilityCode")));
        ext.get(0).put("Value", i % 2 == 0 ? "290" : null);
        r.put("ExtendedProperties", ext);
        return r;
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(row(i));
        }
        return out;
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[readSize];
        for (int n; (n = in.read(b, 0, readSize)) >= 0; ) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void writesExactlyWhatJacksonWritesForTheWholeList() throws Exception {
        for (int n : new int[] {0, 1, 2, 50, 1000}) {
            List<Map<String, Object>> list = rows(n);
            byte[] expected = JSON.writeValueAsBytes(list);
            for (int readSize : new int[] {1, 7, 8192, 100_000}) {
                for (int bufferBytes : new int[] {1, 100, JsonArrayBody.DEFAULT_BUFFER_BYTES}) {
                    try (JsonArrayBody body = new JsonArrayBody(list.iterator(), JSON, bufferBytes)) {
                        assertThat(readAll(body, readSize)).as(n + " rows, reads of " + readSize + ", buffer " + bufferBytes)
                                .isEqualTo(expected);
                        assertThat(body.read()).isEqualTo(-1);
                    }
                }
            }
        }
        assertThat(new String(readAll(new JsonArrayBody(List.of().iterator(), JSON, 10), 10), "UTF-8")).isEqualTo("[]");
        // single-byte reads too
        JsonArrayBody body = new JsonArrayBody(rows(3).iterator(), JSON, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c; (c = body.read()) >= 0; ) {
            out.write(c);
        }
        assertThat(out.toByteArray()).isEqualTo(JSON.writeValueAsBytes(rows(3)));
    }

    /** Rows made on demand, counting how many were asked for: the test itself never holds the list. */
    private static final class Generated implements Iterator<Map<String, Object>> {
        private final int total;
        private int handedOut;

        Generated(int total) {
            this.total = total;
        }

        @Override
        public boolean hasNext() {
            return handedOut < total;
        }

        @Override
        public Map<String, Object> next() {
            return row(handedOut++);
        }
    }

    /** Counts and digests bytes without keeping them. */
    private static final class Digesting extends OutputStream {
        final MessageDigest sha = sha();
        long count;

        @Override
        public void write(int b) {
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            count += len;
        }

        private static MessageDigest sha() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aLongListIsSerialisedAsItIsReadWithABoundedBuffer() throws Exception {
        int total = 200_000; // about 45 MB of JSON
        Generated rows = new Generated(total);
        JsonArrayBody body = new JsonArrayBody(rows, JSON, JsonArrayBody.DEFAULT_BUFFER_BYTES);

        // nothing is serialised before the first read, and the first read serialises one buffer's worth only
        assertThat(rows.handedOut).isZero();
        byte[] first = new byte[100];
        assertThat(body.read(first)).isEqualTo(100);
        assertThat(new String(first, 0, 2, "UTF-8")).isEqualTo("[{");
        int perBuffer = rows.handedOut;
        assertThat(perBuffer).isBetween(1, 100);

        Digesting streamed = new Digesting();
        streamed.write(first, 0, 100);
        byte[] b = new byte[8192]; // what platform-http-vertx reads at a time
        for (int n; (n = body.read(b)) >= 0; ) {
            streamed.write(b, 0, n);
            // the rows are pulled as the reader goes, never far ahead of it
            assertThat((long) rows.handedOut - perBuffer).isLessThanOrEqualTo(streamed.count / 200 + perBuffer);
        }
        assertThat(rows.handedOut).isEqualTo(total);
        assertThat(streamed.count).isGreaterThan(40_000_000L);
        // the heap held one buffer (about 8 KiB plus one row), not 45 MB
        assertThat(body.bufferCapacity()).isLessThan(32 * 1024);

        // and the bytes are those of Jackson writing the whole list in one go
        Digesting whole = new Digesting();
        try (JsonGenerator g = JSON.createGenerator(whole)) {
            g.writeStartArray();
            for (Generated again = new Generated(total); again.hasNext(); ) {
                g.writeObject(again.next());
            }
            g.writeEndArray();
        }
        assertThat(streamed.count).isEqualTo(whole.count);
        assertThat(streamed.sha.digest()).isEqualTo(whole.sha.digest());
    }

    @Test
    void stoppedWhenTheClientHasGoneNoMoreRowsAreRead() throws Exception {
        Generated rows = new Generated(100_000);
        JsonArrayBody body = new JsonArrayBody(rows, JSON, 1024);
        byte[] b = new byte[1024];
        while (rows.handedOut < 50) {
            assertThat(body.read(b)).isPositive();
        }
        body.stop();
        int pulled = rows.handedOut;
        readAll(body, 1024); // what was buffered, then the end
        assertThat(body.read()).isEqualTo(-1);
        assertThat(rows.handedOut).isEqualTo(pulled);
    }

    @Test
    void aFailureWhileReadingRowsEndsTheStreamWithAnIOException() throws Exception {
        Iterator<Map<String, Object>> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                if (i == 500) {
                    throw new IllegalStateException("API query failed: connection lost");
                }
                return row(i++);
            }
        };
        JsonArrayBody body = new JsonArrayBody(failing, JSON, 1024);
        assertThat(body.read(new byte[1024])).isPositive();
        assertThatThrownBy(() -> readAll(body, 8192)).isInstanceOf(IOException.class)
                .hasMessageContaining("could not be written to the end").hasMessageContaining("connection lost");
        assertThat(body.read()).isEqualTo(-1);
    }
}
