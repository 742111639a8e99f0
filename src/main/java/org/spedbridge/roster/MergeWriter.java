package org.spedbridge.roster;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Upserts rows into one table in JDBC batches with a portable
 * {@code MERGE INTO t USING (VALUES (...)) s(...) ON keys WHEN MATCHED ... WHEN NOT MATCHED ...}
 * (runs on H2 2.x and PostgreSQL 15; no ON CONFLICT). Only the given columns are written: a column
 * absent from the file keeps its value on update and its default on insert.
 */
final class MergeWriter implements AutoCloseable {

    /**
     * One value of a row.
     *
     * @param column column name (also the source alias)
     * @param type   how the parameter is bound and cast
     * @param key    part of the ON condition
     * @param source the SQL producing it in the VALUES row; null = {@code CAST(? AS type)}
     * @param update the SET expression on update; null = {@code s.column}
     */
    record Value(String column, RosterFile.Type type, boolean key, String source, String update) {
        static Value of(String column, RosterFile.Type type, boolean key) {
            return new Value(column, type, key, null, null);
        }
    }

    private final String table;
    private final List<Value> values;
    private final PreparedStatement statement;
    private final int batchSize;
    private int pending;
    private long written;

    MergeWriter(Connection connection, String table, List<Value> values, boolean hasUpdatedAt, int batchSize)
            throws SQLException {
        this.table = table;
        this.values = List.copyOf(values);
        this.batchSize = batchSize;
        this.statement = connection.prepareStatement(sql(table, this.values, hasUpdatedAt));
    }

    static String sql(String table, List<Value> values, boolean hasUpdatedAt) {
        StringJoiner sources = new StringJoiner(", ");
        StringJoiner aliases = new StringJoiner(", ");
        StringJoiner on = new StringJoiner(" AND ");
        StringJoiner set = new StringJoiner(", ");
        StringJoiner insertColumns = new StringJoiner(", ");
        StringJoiner insertValues = new StringJoiner(", ");
        for (Value v : values) {
            sources.add(v.source() != null ? v.source() : "CAST(? AS " + sqlType(v.type()) + ")");
            aliases.add(v.column());
            insertColumns.add(v.column());
            insertValues.add("s." + v.column());
            if (v.key()) {
                on.add("t." + v.column() + " = s." + v.column());
            } else {
                set.add(v.column() + " = " + (v.update() != null ? v.update() : "s." + v.column()));
            }
        }
        if (hasUpdatedAt) {
            set.add("updated_at = CURRENT_TIMESTAMP");
            insertColumns.add("updated_at");
            insertValues.add("CURRENT_TIMESTAMP");
        }
        StringBuilder sql = new StringBuilder()
                .append("MERGE INTO ").append(table).append(" t USING (VALUES (").append(sources)
                .append(")) AS s (").append(aliases).append(") ON ").append(on);
        if (set.length() > 0) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ").append(set);
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(insertColumns).append(") VALUES (")
                .append(insertValues).append(")");
        return sql.toString();
    }

    private static String sqlType(RosterFile.Type type) {
        return switch (type) {
            case INTEGER -> "INTEGER";
            case DATE -> "DATE";
            case TEXT, TEXT_NOT_NULL -> "VARCHAR";
        };
    }

    private static int jdbcType(RosterFile.Type type) {
        return switch (type) {
            case INTEGER -> Types.INTEGER;
            case DATE -> Types.DATE;
            case TEXT, TEXT_NOT_NULL -> Types.VARCHAR;
        };
    }

    /** Adds one row: one object per value, in the order of the values (Integer, LocalDate, String or null). */
    void add(Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                statement.setNull(i + 1, jdbcType(values.get(i).type()));
            } else {
                statement.setObject(i + 1, row[i]);
            }
        }
        statement.addBatch();
        pending++;
        if (pending >= batchSize) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending == 0) {
            return;
        }
        try {
            statement.executeBatch();
        } catch (BatchUpdateException e) {
            SQLException next = e.getNextException();
            throw next != null ? next : e;
        }
        written += pending;
        pending = 0;
    }

    /** Rows sent to the database so far. */
    long written() {
        return written;
    }

    String table() {
        return table;
    }

    List<Value> values() {
        return values;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }

    static List<Value> list() {
        return new ArrayList<>();
    }
}
