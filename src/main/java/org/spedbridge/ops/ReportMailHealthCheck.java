package org.spedbridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The report mail's health: DOWN while a finished run's report reached neither the outbox nor SMTP
 * (import_run.report_problem, see mail.ReportDelivery), with the runs and the last reason; UP again once it went
 * out. Reads import_run, so it tells the same on every instance.
 */
public final class ReportMailHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public ReportMailHealthCheck(DataSource dataSource) {
        super("sped-bridge", "report-mail");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart would not free the disk
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Long> runs = new ArrayList<>();
        String lastProblem = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, report_problem FROM import_run WHERE report_delivered_at IS NULL"
                        + " AND report_problem IS NOT NULL ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(rs.getLong(1));
                lastProblem = rs.getString(2);
            }
        } catch (SQLException e) {
            builder.message("Cannot read the import runs: " + e.getMessage()).error(e).down();
            return;
        }
        builder.detail("undelivered.runs", runs.toString());
        if (runs.isEmpty()) {
            builder.up();
        } else {
            builder.message("The report of SIRAS import run(s) " + runs + " reached no one: " + lastProblem
                    + ". Fix the cause; the report goes out at the next check (see the log).").down();
        }
    }
}
