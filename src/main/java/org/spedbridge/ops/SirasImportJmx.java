package org.spedbridge.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.HeldRuns;
import org.spedbridge.sped.run.NotReleasable;

/** The {@link SirasImportMBean} over the importer's last run, the scheduler and the import route. */
public final class SirasImportJmx implements SirasImportMBean {

    private final Supplier<Optional<ImportResult>> lastRun;
    private final Supplier<ImportResult> runNow;
    private final Supplier<Optional<Instant>> nextFire;
    private final Function<ImportResult, String> reportText;
    private final LongFunction<ImportResult> release;
    private final Supplier<List<HeldRuns.Held>> held;

    public SirasImportJmx(Supplier<Optional<ImportResult>> lastRun, Supplier<ImportResult> runNow,
            Supplier<Optional<Instant>> nextFire, Function<ImportResult, String> reportText,
            LongFunction<ImportResult> release, Supplier<List<HeldRuns.Held>> held) {
        this.lastRun = lastRun;
        this.runNow = runNow;
        this.nextFire = nextFire;
        this.reportText = reportText;
        this.release = release;
        this.held = held;
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
        return summary(runNow.get());
    }

    private static String summary(ImportResult r) {
        return "run " + r.runId() + ": " + r.statusText() + (r.message() == null || r.message().isEmpty() ? ""
                : " - " + r.message());
    }

    @Override
    public long[] getHeldRunIds() {
        return held.get().stream().mapToLong(HeldRuns.Held::runId).toArray();
    }

    @Override
    public String getHeldRuns() {
        List<HeldRuns.Held> waiting = held.get();
        if (waiting.isEmpty()) {
            return "none";
        }
        return String.join("\n", waiting.stream().map(h -> "run " + h.runId() + " held " + h.held() + ": "
                + h.message()).toList());
    }

    @Override
    public String releaseHeld(long runId) {
        try {
            return summary(release.apply(runId));
        } catch (NotReleasable no) {
            return "run " + runId + " was not released: " + no.getMessage();
        }
    }

    @Override
    public String lastReport() {
        return last().map(reportText).orElse("No import has run yet.");
    }
}
