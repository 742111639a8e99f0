package org.spedbridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The nightly import's health: DOWN when the last scheduled import FAILED, when a HELD run waits to be released
 * (the change hold: a person must look, as for a failure), or when no import was APPLIED within the window
 * (default 4 days, which covers a long weekend). Reads import_run, so it
 * tells the same on every instance.
 */
public final class ImportHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final Duration window;
    private final Clock clock;

    public ImportHealthCheck(DataSource dataSource, Duration window, Clock clock) {
        super("sped-bridge", "siras-import");
        this.dataSource = dataSource;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false; // a failed import is no reason to restart the process
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = dataSource.getConnection()) {
            Instant now = clock.instant();
            String lastScheduled = null;
            String lastMessage = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, message FROM import_run WHERE trigger_name = ? ORDER BY started_at DESC, id DESC"
                            + " FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, "schedule");
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        lastScheduled = rs.getString(1);
                        lastMessage = rs.getString(2);
                    }
                }
            }
            Instant lastApplied = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(started_at) FROM import_run WHERE status = ?")) {
                ps.setString(1, "APPLIED");
                try (ResultSet rs = ps.executeQuery()) {
                    Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                    lastApplied = t == null ? null : t.toInstant();
                }
            }
            List<Long> held = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM import_run WHERE status = ?"
                    + " AND released_by_run IS NULL AND superseded_by_run IS NULL ORDER BY id")) {
                ps.setString(1, "HELD");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getLong(1));
                    }
                }
            }
            builder.detail("held.runs", held.isEmpty() ? "none" : held.toString());
            builder.detail("last.scheduled.status", lastScheduled == null ? "none" : lastScheduled);
            builder.detail("last.applied", lastApplied == null ? "never" : lastApplied.toString());
            builder.detail("window.hours", window.toHours());
            if ("FAILED".equals(lastScheduled)) {
                builder.message("The last scheduled SIRAS import FAILED: " + lastMessage).down();
            } else if (!held.isEmpty()) {
                long newest = held.get(held.size() - 1);
                builder.message("SIRAS import run " + newest + " is HELD by the change hold and waits for a person:"
                        + " release it (import-release " + newest + ", JMX releaseHeld, POST /admin/import-release/"
                        + newest + ") or let the next pair supersede it").down();
            } else if (lastApplied == null || lastApplied.isBefore(now.minus(window))) {
                builder.message("No SIRAS import was APPLIED in the last " + window.toHours() + " hours").down();
            } else {
                builder.up();
            }
        } catch (SQLException e) {
            builder.message("Cannot read the import runs: " + e.getMessage()).error(e).down();
        }
    }
}
