package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;

/**
 * A list answer as a JSON array, written while it is sent ({@link ListBody}). The bytes are exactly
 * those of {@code mapper.writeValueAsBytes(allRows)}.
 */
public final class JsonArrayBody extends ListBody {

    /** About what platform-http-vertx asks for per read. */
    public static final int DEFAULT_BUFFER_BYTES = ListBody.DEFAULT_BUFFER_BYTES;

    private final JsonGenerator json;

    public JsonArrayBody(Iterator<?> rows, ObjectMapper mapper, int bufferBytes) {
        super(rows, bufferBytes);
        try {
            this.json = mapper.createGenerator(buffer());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
    }

    @Override
    protected void writeStart() throws IOException {
        json.writeStartArray();
    }

    @Override
    protected void writeRow(Object row) throws IOException {
        json.writeObject(row);
    }

    @Override
    protected void writeEnd() throws IOException {
        json.writeEndArray();
        json.close();
    }

    @Override
    protected void flush() throws IOException {
        json.flush();
    }
}
