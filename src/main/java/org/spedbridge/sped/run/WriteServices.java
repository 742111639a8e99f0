package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.Field;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.NotReady;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SirasLayout;
import org.spedbridge.store.BulkInsert;

/**
 * Stage "write services": the services file read and validated ({@link ReadAndValidate}); each row whose
 * student this run imported ({@link Matcher#ownerOf}) goes straight into sped_service (the layout's stored
 * columns), tagged with the run so that it is not current until the run commits, and into the imported
 * services file; every other row into the unmatched services file with the reason. Runs while
 * {@link ApplyRecords} merges the records on its own thread. Bound as {@code writeServices}.
 *
 * <p>A fetched file is read while it arrives ({@link RunState#servicesArrival()}): its rows are written as SIRAS'
 * server sends them ({@link ReadAndValidate#readFile} says what happens when it is not UTF-8, refused, or its
 * download fails).
 */
public final class WriteServices extends Stage {

    private static final Logger LOG = LoggerFactory.getLogger(WriteServices.class);

    /** sped_service: the student and line, the run (not current until it commits), then the layout's columns. */
    private static final SirasLayout.Table SERVICES = new SirasLayout.Table("sped_service", List.of(
            BulkInsert.Column.integer("student_id"), BulkInsert.Column.integer("line_number"),
            BulkInsert.Column.bigint("last_import_run_id")), SirasLayout.SERVICES.storedColumns());
    private static final Field SERVICE_CODE = SirasLayout.SERVICES.field("service_code");

    public WriteServices(RunSetup setup, RunEnd end) {
        super(setup, end);
    }

    @Override
    protected void work(RunState run) throws SQLException, IOException, ImportRefused, NotReady {
        long t0 = System.nanoTime();
        ArrivingFile arriving = run.servicesArrival();
        if (ReadAndValidate.readFile(SirasLayout.SERVICES, run.services(), run.servicesFacts, arriving, setup.aliases(),
                run.issues, file -> write(run, file), () -> forget(run))) {
            LOG.info("SIRAS import run {} write services: {} rows ({} written to sped_service, {} unmatched){} in {} ms",
                    run.runId, run.serviceRowsRead, run.servicesImported, run.servicesUnmatched,
                    arriving == null ? "" : " as it arrived", ms(t0));
        }
    }

    private void write(RunState run, ReadAndValidate.Opener file) throws SQLException, IOException, ImportRefused {
        try (BulkInsert sink = BulkInsert.open(run.data, setup.postgres(), SERVICES.name(), SERVICES.columns(),
                setup.batchSize());
             ReportFiles.ServiceLists lists = new ReportFiles.ServiceLists(setup.runDir(run.runId))) {
            run.serviceRowsRead = ReadAndValidate.read(SirasLayout.SERVICES, run.services().name(), file, run.issues,
                    (line, v) -> {
                        if (!v.accepted()) {
                            return;
                        }
                        Matcher.Owner owner = run.matcher.ownerOf(v.ssid(), v.localId());
                        String serviceCode = v.values().text(SERVICE_CODE);
                        if (owner.studentId() != null) {
                            run.servicesImported++;
                            sink.add(SERVICES.row(v.values(), owner.studentId(), line, run.runId));
                            run.servicesPerStudent.computeIfAbsent(owner.studentId(), id -> new int[1])[0]++;
                            lists.imported(line, v.ssid(), owner.studentId(), serviceCode);
                        } else {
                            run.servicesUnmatched++;
                            lists.unmatched(line, v.ssid(), v.localId(), serviceCode, owner.reason());
                        }
                    });
        }
    }

    /** What a first reading of the services file wrote, forgotten: its rows and counts (the report lists are rewritten). */
    private static void forget(RunState run) throws SQLException {
        RunCleanup.update(run.data, "DELETE FROM sped_service WHERE last_import_run_id = ?", run.runId);
        run.serviceRowsRead = 0;
        run.servicesImported = 0;
        run.servicesUnmatched = 0;
        run.servicesPerStudent.clear();
    }
}
