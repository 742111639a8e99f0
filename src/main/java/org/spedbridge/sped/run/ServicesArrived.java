package org.spedbridge.sped.run;

import java.sql.Connection;
import java.sql.SQLException;
import org.spedbridge.sped.ImportRefused;

/**
 * Stage "services arrived", right after "services fetched" confirmed that the services file arrived complete: the file
 * recorded on the run as it arrived (name, size, time, SHA-256), and a refusal that {@link WriteServices} found while
 * it was arriving now ends the run REFUSED (a file that changed or failed on the way ended it FAILED before). Bound as
 * {@code servicesArrived}.
 */
public final class ServicesArrived extends Stage {

    public ServicesArrived(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException, ImportRefused {
        try (Connection c = setup.database().connection()) {
            setup.runs().servicesArrived(c, run.runId, run.services(), run.servicesFacts.sha256());
        }
        if (run.servicesRefused != null) {
            throw run.servicesRefused;
        }
    }
}
