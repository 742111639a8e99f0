package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.SQLException;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.HeaderAliases;
import org.spedbridge.sped.ImportRefused;
import org.spedbridge.sped.Issue;
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

    /** Reads the whole file, a copy on disk with its facts; returns how many rows it has. */
    static int read(SirasLayout layout, SourceFile file, FileFacts facts, HeaderAliases aliases, IssueLog issues,
            Rows rows) throws SQLException, IOException, ImportRefused {
        return read(layout, file.name(),
                () -> SpedCsvReader.open(file.localPath(), file.name(), layout.file(), facts, aliases), issues, rows);
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
