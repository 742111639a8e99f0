package org.spedbridge.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * Upserts rows into one table with a portable
 * {@code MERGE INTO t USING (VALUES (...), (...), ...) s(...) ON keys WHEN MATCHED ... WHEN NOT MATCHED ...}
 * (runs on H2 2.x and PostgreSQL 15; no ON CONFLICT), {@code batchSize} rows per statement. Only the
 * given columns are written: a column absent from the file keeps its value on update and its default
 * on insert. A MERGE may not touch a row twice, so within one statement a later row with the same key
 * replaces the earlier one (the same outcome as upserting them one after the other); memory stays
 * bounded by the batch.
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

    private final Connection connection;
    private final String table;
    private final List<Value> values;
    private final boolean hasUpdatedAt;
    private final int batchSize;
    private final int[] keyPositions;
    private final Map<List<Object>, Object[]> pending = new LinkedHashMap<>();
    private final Map<Integer, PreparedStatement> statements = new HashMap<>();
    private long written;

    MergeWriter(Connection connection, String table, List<Value> values, boolean hasUpdatedAt, int batchSize) {
        this.connection = connection;
        this.table = table;
        this.values = List.copyOf(values);
        this.hasUpdatedAt = hasUpdatedAt;
        // PostgreSQL binds at most 32767 parameters per statement
        this.batchSize = Math.max(1, Math.min(batchSize, 30_000 / Math.max(1, values.size())));
        this.keyPositions = IntStream.range(0, this.values.size())
                .filter(i -> this.values.get(i).key()).toArray();
    }

    static String sql(String table, List<Value> values, boolean hasUpdatedAt, int rows) {
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
        StringJoiner rowList = new StringJoiner(", ");
        for (int r = 0; r < rows; r++) {
            rowList.add("(" + sources + ")");
        }
        StringBuilder sql = new StringBuilder()
                .append("MERGE INTO ").append(table).append(" t USING (VALUES ").append(rowList)
                .append(") AS s (").append(aliases).append(") ON ").append(on);
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
            case BOOLEAN -> "BOOLEAN";
            case DECIMAL -> "DECIMAL(19,4)";
            case DATETIME -> "TIMESTAMP";
            case TEXT, TEXT_NOT_NULL -> "VARCHAR";
        };
    }

    private static int jdbcType(RosterFile.Type type) {
        return switch (type) {
            case INTEGER -> Types.INTEGER;
            case DATE -> Types.DATE;
            case BOOLEAN -> Types.BOOLEAN;
            case DECIMAL -> Types.DECIMAL;
            case DATETIME -> Types.TIMESTAMP;
            case TEXT, TEXT_NOT_NULL -> Types.VARCHAR;
        };
    }

    /** Adds one row: one object per value, in the order of the values (as {@link RosterLoader} converts the cells). */
    void add(Object[] row) throws SQLException {
        Object[] key = new Object[keyPositions.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyPositions[i]];
        }
        List<Object> k = Arrays.asList(key);
        pending.remove(k); // a later row with the same key wins, in the later position
        pending.put(k, row.clone());
        written++;
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        int rows = pending.size();
        PreparedStatement statement = statements.get(rows);
        if (statement == null) {
            statement = connection.prepareStatement(sql(table, values, hasUpdatedAt, rows));
            statements.put(rows, statement);
        }
        int p = 1;
        for (Object[] row : pending.values()) {
            for (int i = 0; i < row.length; i++, p++) {
                if (row[i] == null) {
                    statement.setNull(p, jdbcType(values.get(i).type()));
                } else {
                    statement.setObject(p, row[i]);
                }
            }
        }
        pending.clear();
        statement.executeUpdate();
    }

    /** Rows accepted so far (a row repeating a key counts: it is an update). */
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
        for (PreparedStatement s : statements.values()) {
            s.close();
        }
    }
}
