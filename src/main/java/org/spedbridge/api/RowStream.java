package org.spedbridge.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The rows of a list answer, read from the database in chunks while {@link JsonArrayBody} writes
 * them: each chunk is one short read-only query ({@code LIMIT ? OFFSET ?}, bound parameters), so
 * memory holds one chunk, not the district. The first chunk is read at once (errors surface in the
 * route, an empty result is known). Counts the rows handed out, for the audit log, and remembers
 * when a later chunk failed (the answer was cut off after its 200 had been sent).
 */
public final class RowStream {

    /** Maps the current result-set row to the ordered property map Jackson writes. */
    @FunctionalInterface
    public interface RowMapper {
        Map<String, Object> map(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;
    private final String sql;
    /** The first chunk of a list read from its start: no OFFSET, see {@link #RowStream(DataSource, String, List, RowMapper, long, long, int)}. */
    private final String sqlFromStart;
    private final List<Object> params;
    private final RowMapper mapper;
    private final long limit;
    private final int chunkSize;
    private final AtomicInteger written = new AtomicInteger();
    private final List<Map<String, Object>> first;
    private long offset;
    private boolean exhausted;
    private volatile String failure;

    /**
     * @param sql     a SELECT with a stable ORDER BY and no LIMIT; LIMIT/OFFSET are appended
     * @param offset  rows to skip (0-based)
     * @param limit   rows at most (Long.MAX_VALUE: all)
     *                <p>
     *                A chunk read from the first row has no {@code OFFSET ?}: with one, PostgreSQL plans the query
     *                afresh on every execution (its generic plan, costed for an unknown offset, always looks dearer
     *                than a custom one), which is most of the database's work for a one-student look-up; without it,
     *                the prepared statement's generic plan is reused.
     */
    public RowStream(DataSource dataSource, String sql, List<Object> params, RowMapper mapper,
                     long offset, long limit, int chunkSize) {
        this.dataSource = dataSource;
        this.sql = sql + " LIMIT ? OFFSET ?";
        this.sqlFromStart = sql + " LIMIT ?";
        this.params = params;
        this.mapper = mapper;
        this.offset = offset;
        this.limit = limit;
        this.chunkSize = chunkSize;
        this.first = limit <= 0 ? List.of() : fetch(Math.min(chunkSize, limit));
    }

    /** A fixed list of rows (an answer that needs no query). */
    public RowStream(List<Map<String, Object>> rows) {
        this.dataSource = null;
        this.sql = null;
        this.sqlFromStart = null;
        this.params = List.of();
        this.mapper = null;
        this.limit = rows.size();
        this.chunkSize = Math.max(1, rows.size());
        this.first = List.copyOf(rows);
        this.exhausted = true;
    }

    /**
     * All rows when the first chunk already held all of them (they are then counted as handed out),
     * else null: the list must be streamed.
     */
    public List<Map<String, Object>> complete() {
        if (!exhausted && first.size() < limit) {
            return null;
        }
        written.set(first.size());
        return first;
    }

    /** True when no row matched. */
    public boolean isEmpty() {
        return first.isEmpty();
    }

    /** Rows handed to the JSON writer so far. */
    public int written() {
        return written.get();
    }

    /** Why a later chunk could not be read (the answer was cut off), or null. */
    public String failure() {
        return failure;
    }

    /** The rows in order; the chunks after the first are read as the iterator reaches them. */
    public Iterator<Map<String, Object>> rows() {
        return new Iterator<>() {
            private Iterator<Map<String, Object>> chunk = first.iterator();
            private long remaining = limit - first.size();

            @Override
            public boolean hasNext() {
                if (chunk.hasNext()) {
                    return true;
                }
                if (exhausted || remaining <= 0) {
                    return false;
                }
                List<Map<String, Object>> next = fetch(Math.min(chunkSize, remaining));
                remaining -= next.size();
                chunk = next.iterator();
                return chunk.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                written.incrementAndGet();
                return chunk.next();
            }
        };
    }

    private List<Map<String, Object>> fetch(long n) {
        List<Map<String, Object>> out = new ArrayList<>((int) Math.min(n, 1024));
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(offset == 0 ? sqlFromStart : sql)) {
                int i = 1;
                for (Object p : params) {
                    ps.setObject(i++, p);
                }
                ps.setLong(i++, n);
                if (offset != 0) {
                    ps.setLong(i, offset);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
            }
        } catch (SQLException e) {
            failure = e.getMessage();
            throw new IllegalStateException("API query failed: " + e.getMessage(), e);
        }
        offset += out.size();
        if (out.size() < n) {
            exhausted = true;
        }
        return out;
    }
}
