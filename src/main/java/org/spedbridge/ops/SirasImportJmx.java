package org.spedbridge.ops;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;

/** The {@link SirasImportMBean} over the importer's last run, the scheduler and the import route. */
public final class SirasImportJmx implements SirasImportMBean {

    private final Supplier<Optional<ImportResult>> lastRun;
    private final Supplier<ImportResult> runNow;
    private final Supplier<Optional<Instant>> nextFire;
    private final Function<ImportResult, String> reportText;

    public SirasImportJmx(Supplier<Optional<ImportResult>> lastRun, Supplier<ImportResult> runNow,
            Supplier<Optional<Instant>> nextFire, Function<ImportResult, String> reportText) {
        this.lastRun = lastRun;
        this.runNow = runNow;
        this.nextFire = nextFire;
        this.reportText = reportText;
    }

    private Optional<ImportResult> last() {
        return lastRun.get();
    }

    private ImportCounts counts() {
        return last().map(ImportResult::counts).orElse(ImportCounts.NONE);
    }

    @Override
    public long getLastRunId() {
        return last().map(ImportResult::runId).orElse(0L);
    }

    @Override
    public String getLastStatus() {
        return last().map(r -> r.status().name()).orElse("NONE");
    }

    @Override
    public String getLastTrigger() {
        return last().map(ImportResult::trigger).orElse("");
    }

    @Override
    public String getLastStart() {
        return last().map(r -> String.valueOf(r.started())).orElse("");
    }

    @Override
    public String getLastEnd() {
        return last().map(r -> String.valueOf(r.finished())).orElse("");
    }

    @Override
    public String getLastMessage() {
        return last().map(ImportResult::message).orElse("");
    }

    @Override
    public int getRowsRead() {
        return counts().rowsRead();
    }

    @Override
    public int getMatched() {
        return counts().matched();
    }

    @Override
    public int getUnmatched() {
        return counts().unmatched();
    }

    @Override
    public int getDuplicates() {
        return counts().duplicates();
    }

    @Override
    public int getErrors() {
        return counts().errors();
    }

    @Override
    public int getServicesImported() {
        return counts().servicesImported();
    }

    @Override
    public String getStudentsFileSha256() {
        return last().map(ImportResult::studentsSha256).orElse("");
    }

    @Override
    public String getServicesFileSha256() {
        return last().map(ImportResult::servicesSha256).orElse("");
    }

    @Override
    public String getNextScheduledFireTime() {
        return nextFire.get().map(Instant::toString).orElse("not scheduled");
    }

    @Override
    public String importNow() {
        ImportResult r = runNow.get();
        return "run " + r.runId() + ": " + r.status() + (r.message() == null || r.message().isEmpty() ? "" : " - " + r.message());
    }

    @Override
    public String lastReport() {
        return last().map(reportText).orElse("No import has run yet.");
    }
}
