package org.spedbridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link ApiKeysMBean} read from api_key and api_audit, so it counts the requests of every instance. */
public final class ApiKeysJmx implements ApiKeysMBean {

    private final DataSource dataSource;

    public ApiKeysJmx(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String[] getKeys() {
        String sql = "SELECT k.id, k.name, k.areas, k.expires_at, k.revoked_at, k.last_used_at,"
                + " (SELECT COUNT(*) FROM api_audit a WHERE a.key_id = k.id) AS requests"
                + " FROM api_key k ORDER BY k.id";
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp revoked = rs.getTimestamp("revoked_at");
                Timestamp lastUsed = rs.getTimestamp("last_used_at");
                rows.add("id=" + rs.getLong("id") + " name=" + rs.getString("name") + " areas=" + rs.getString("areas")
                        + " state=" + (revoked != null ? "revoked" : "active")
                        + " expires=" + (rs.getDate("expires_at") == null ? "never" : rs.getDate("expires_at"))
                        + " requests=" + rs.getLong("requests")
                        + " lastUsed=" + (lastUsed == null ? "never" : lastUsed.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the API keys: " + e.getMessage(), e);
        }
        return rows.toArray(new String[0]);
    }

    @Override
    public int getActiveKeyCount() {
        return (int) single("SELECT COUNT(*) FROM api_key WHERE revoked_at IS NULL", null);
    }

    @Override
    public long getRequestsTotal() {
        return single("SELECT COUNT(*) FROM api_audit", null);
    }

    @Override
    public long requestCount(long keyId) {
        return single("SELECT COUNT(*) FROM api_audit WHERE key_id = ?", keyId);
    }

    private long single(String sql, Long param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setLong(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the API audit log: " + e.getMessage(), e);
        }
    }
}
