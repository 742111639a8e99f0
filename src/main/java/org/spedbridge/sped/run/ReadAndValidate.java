package org.spedbridge.sped.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.sped.ArrivingFile;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.FileReadiness;
import org.spedbridge.sped.HeaderAliases;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.Issue;
import org.spedbridge.sped.NotReady;
import org.spedbridge.sped.RowValidator;
import org.spedbridge.sped.SirasLayout;
import org.spedbridge.sped.SourceFile;
import org.spedbridge.sped.SpedCsvReader;

/**
 * Read and validate: one SIRAS file, streamed row by row ({@link SpedCsvReader}) and checked against its
 * layout ({@link RowValidator}); a file without either key column is refused; every header warning, row
 * error, ignored row and warning goes into the run's issues; each row's verdict goes to the stage that
 * reads the file. Memory does not grow with the file.
 */
final class ReadAndValidate {

    private static final Logger LOG = LoggerFactory.getLogger(ReadAndValidate.class);

    /** What the reading stage does with each row's verdict. */
    interface Rows {
        void row(int line, RowValidator.Verdict verdict) throws SQLException, IOException;
    }

    private ReadAndValidate() {
    }

    /** How the file is opened: a copy on disk, or one still arriving ({@link SpedCsvReader#openArriving}). */
    interface Opener {
        SpedCsvReader open() throws IOException, ImportRefused;
    }

    /** A stage's reading of its whole file, through the opener it is given (again, if a first reading was forgotten). */
    interface Reading {
        void read(Opener file) throws SQLException, IOException, ImportRefused;
    }

    /** Forgets what a first reading wrote (its rows, counts); the issues it added are forgotten here. */
    interface Forgetting {
        void forget() throws SQLException;
    }

    /**
     * Reads one SIRAS file with {@code reading}: the copy on disk ({@code file}, {@code facts}) or, while the file still
     * arrives ({@code arriving} not null), as far as its download has got. For a file read as it arrives: bytes that
     * are not UTF-8 make it Windows-1252 as a whole, so what the first reading did is forgotten ({@code forget}, and the
     * issues it added) and the file is read again once it has arrived; a refusal counts once the file has arrived with
     * as many bytes as the server listed, otherwise it changed on the way ({@link NotReady}); a download that fails
     * stops the reading and this returns false (the fetch says why, at "files fetched").
     */
    static boolean readFile(SirasLayout layout, SourceFile file, FileFacts facts, ArrivingFile arriving,
            HeaderAliases aliases, IssueLog issues, Reading reading, Forgetting forget)
            throws SQLException, IOException, ImportRefused, NotReady {
        String name = file.name();
        if (arriving == null) {
            reading.read(() -> SpedCsvReader.open(file.localPath(), name, layout.file(), facts, aliases));
            return true;
        }
        IssueLog.Mark before = issues.mark();
        try {
            try {
                reading.read(() -> SpedCsvReader.openArriving(arriving, name, layout.file(), aliases));
            } catch (SpedCsvReader.NotUtf8 e) {
                LOG.info("SIRAS import: {} is not valid UTF-8: read again as Windows-1252 once it has arrived", name);
                forget.forget();
                issues.rewind(before);
                FileFacts arrived = arriving.awaitFacts();
                reading.read(() -> SpedCsvReader.open(arriving.local(), name, layout.file(), arrived, aliases));
            }
            return true;
        } catch (ImportRefused refused) {
            FileFacts arrived;
            try {
                arrived = arriving.awaitFacts();
            } catch (ArrivingFile.DownloadFailed e) {
                return downloadFailed(name);
            }
            Optional<String> changed = FileReadiness.changedOnTheWay(file, arrived.size());
            if (changed.isPresent()) {
                throw new NotReady(changed.get());
            }
            throw refused;
        } catch (ArrivingFile.DownloadFailed e) {
            return downloadFailed(name);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ArrivingFile.DownloadFailed) {
                return downloadFailed(name);
            }
            throw e;
        }
    }

    private static boolean downloadFailed(String name) {
        LOG.info("SIRAS import: the download of {} failed while it was read; the fetch says why", name);
        return false;
    }

    /** Reads the whole file {@code name} as {@code opener} opens it; returns how many rows it has. */
    static int read(SirasLayout layout, String name, Opener opener, IssueLog issues, Rows rows)
            throws SQLException, IOException, ImportRefused {
        int read = 0;
        try (SpedCsvReader reader = opener.open()) {
            if (!reader.has(SirasLayout.SSID) && !reader.has(SirasLayout.LOCAL_ID)) {
                throw new ImportRefused(name, layout.withoutKeyColumns(name));
            }
            for (String w : reader.headerWarnings()) {
                issues.add(new Issue(name, 1, null, Issue.Kind.WARNING, w));
            }
            RowValidator validator = RowValidator.of(layout, reader);
            SpedCsvReader.Row row;
            while ((row = reader.next()) != null) {
                read++;
                RowValidator.Verdict v = validator.check(row);
                for (String w : v.warnings()) {
                    issues.add(new Issue(name, row.line(), v.ssid(), Issue.Kind.WARNING, w));
                }
                if (!v.accepted()) {
                    issues.add(new Issue(name, row.line(), v.ssid(), v.rejectedAs(), v.reason()));
                }
                rows.row((int) row.line(), v);
            }
        }
        return read;
    }
}
