package org.spedbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes many rows into one table inside the caller's transaction: PostgreSQL COPY when the connection
 * is PostgreSQL, JDBC batches of {@code batchSize} otherwise. Values: String, Integer, Long, LocalDate, null.
 */
public abstract class BulkInsert implements AutoCloseable {

    /** A column and its JDBC type (for NULLs in batches). */
    public record Column(String name, int sqlType) {
        public static Column text(String name) {
            return new Column(name, Types.VARCHAR);
        }

        public static Column integer(String name) {
            return new Column(name, Types.INTEGER);
        }

        public static Column bigint(String name) {
            return new Column(name, Types.BIGINT);
        }

        public static Column date(String name) {
            return new Column(name, Types.DATE);
        }
    }

    protected final List<Column> columns;
    private long rows;

    protected BulkInsert(List<Column> columns) {
        this.columns = columns;
    }

    public static BulkInsert open(Connection connection, boolean postgres, String table, List<Column> columns,
            int batchSize) throws SQLException {
        return postgres ? new Copy(connection, table, columns) : new Batch(connection, table, columns, batchSize);
    }

    public final void add(Object... values) throws SQLException {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        write(values);
        rows++;
    }

    public long rows() {
        return rows;
    }

    protected abstract void write(Object[] values) throws SQLException;

    @Override
    public abstract void close() throws SQLException;

    private static String names(List<Column> columns) {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    private static final class Batch extends BulkInsert {
        private final PreparedStatement insert;
        private final int batchSize;
        private int pending;

        Batch(Connection c, String table, List<Column> columns, int batchSize) throws SQLException {
            super(columns);
            this.batchSize = Math.max(1, batchSize);
            this.insert = c.prepareStatement("INSERT INTO " + table + " (" + names(columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")");
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) {
                    insert.setNull(i + 1, columns.get(i).sqlType());
                } else if (v instanceof LocalDate d) {
                    insert.setObject(i + 1, d);
                } else {
                    insert.setObject(i + 1, v, columns.get(i).sqlType());
                }
            }
            insert.addBatch();
            if (++pending >= batchSize) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                if (pending > 0) {
                    insert.executeBatch();
                }
            } finally {
                insert.close();
            }
        }
    }

    /**
     * COPY ... FROM STDIN in PostgreSQL's binary format: each value goes as its length and the bytes the
     * server stores (int4, int8, date as days since 2000-01-01, text as UTF-8), so the server parses
     * nothing. Rows are encoded into a byte buffer that goes to the server in 256 KB pieces. Values are
     * written as their column's type says (an Integer for a BIGINT column is sent as int8).
     */
    private static final class Copy extends BulkInsert {
        private static final int SEND_AT = 256 * 1024;
        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
        private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
        private final CopyIn copy;
        private byte[] buf = new byte[SEND_AT + 4096];
        private int len;

        Copy(Connection c, String table, List<Column> columns) throws SQLException {
            super(columns);
            this.copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + names(columns) + ") FROM STDIN (FORMAT binary)");
            room(SIGNATURE.length + 8);
            System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
            len = SIGNATURE.length;
            int32(0); // flags
            int32(0); // header extension length
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            room(2);
            int16(values.length);
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                room(12);
                if (v == null) {
                    int32(-1);
                    continue;
                }
                switch (columns.get(i).sqlType()) {
                    case Types.INTEGER -> {
                        int32(4);
                        int32(((Number) v).intValue());
                    }
                    case Types.BIGINT -> {
                        int32(8);
                        int32((int) (((Number) v).longValue() >>> 32));
                        int32((int) ((Number) v).longValue());
                    }
                    case Types.DATE -> {
                        int32(4);
                        int32((int) (((LocalDate) v).toEpochDay() - PG_EPOCH_DAY));
                    }
                    default -> text(v.toString());
                }
            }
            if (len >= SEND_AT) {
                send();
            }
        }

        /** Its UTF-8 length, then the bytes (a lone surrogate becomes '?', as String.getBytes(UTF_8) does). */
        private void text(String s) {
            int n = s.length();
            room(4 + 3 * n); // 3 bytes of UTF-8 at most per char (a surrogate pair: 4 bytes for two chars)
            int lengthAt = len;
            len += 4;
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch < 0x80) {
                    buf[len++] = (byte) ch;
                } else if (ch < 0x800) {
                    buf[len++] = (byte) (0xC0 | (ch >> 6));
                    buf[len++] = (byte) (0x80 | (ch & 0x3F));
                } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, s.charAt(++i));
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(ch)) {
                    buf[len++] = '?';
                } else {
                    buf[len++] = (byte) (0xE0 | (ch >> 12));
                    buf[len++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (ch & 0x3F));
                }
            }
            int bytes = len - lengthAt - 4;
            int end = len;
            len = lengthAt;
            int32(bytes);
            len = end;
        }

        private void int16(int v) {
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void int32(int v) {
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void room(int bytes) {
            if (len + bytes > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes));
            }
        }

        private void send() throws SQLException {
            if (len > 0) {
                copy.writeToCopy(buf, 0, len);
                len = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                room(2);
                int16(-1); // end of the data
                send();
                copy.endCopy();
            } catch (SQLException e) {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy(); // leave the connection usable for the caller's rollback
                    } catch (SQLException second) {
                        e.addSuppressed(second);
                    }
                }
                throw e;
            }
        }
    }
}
