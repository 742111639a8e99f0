package org.spedbridge.sped;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

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

    /** COPY ... FROM STDIN in PostgreSQL's text format (tab-separated, \N for NULL). */
    private static final class Copy extends BulkInsert {
        private final PGCopyOutputStream stream;
        private final Writer out;

        Copy(Connection c, String table, List<Column> columns) throws SQLException {
            super(columns);
            this.stream = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY " + table + " (" + names(columns) + ") FROM STDIN", 256 * 1024);
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 256 * 1024);
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            try {
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        out.write('\t');
                    }
                    Object v = values[i];
                    if (v == null) {
                        out.write("\\N");
                    } else {
                        escape(v.toString());
                    }
                }
                out.write('\n');
            } catch (IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
        }

        private void escape(String s) throws IOException {
            if (plain(s)) {
                out.write(s); // the usual case: one call per value, not one per character
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(ch);
                }
            }
        }

        private static boolean plain(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws SQLException {
            try {
                out.close(); // flushes and ends the COPY
            } catch (IOException e) {
                throw new SQLException("COPY failed: " + e.getMessage(), e);
            }
        }
    }
}
