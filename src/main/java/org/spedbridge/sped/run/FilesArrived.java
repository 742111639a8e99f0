package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Stage "files arrived", right after "files fetched" confirmed that both files arrived complete: the two files
 * recorded on the run as they arrived (name, size, time, SHA-256); the run was recorded before they had. Bound as
 * {@code filesArrived}.
 */
public final class FilesArrived extends Stage {

    public FilesArrived(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException {
        try (Connection c = setup.database().connection()) {
            setup.runs().filesArrived(c, run.runId, run.students(), run.studentsFacts.sha256(), run.services(),
                    run.servicesFacts.sha256());
        }
    }
}
