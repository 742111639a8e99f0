package org.spedbridge.roster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.roster.RosterFile.Column;
import org.spedbridge.roster.RosterFile.Type;
import org.spedbridge.roster.RosterLoadResult.FileCount;
import org.spedbridge.roster.RosterLoadResult.Problem;
import org.spedbridge.store.Database;

/**
 * Loads the SIS roster extracts of one folder (schools.csv, students.csv, contacts.csv,
 * enrollment.csv, programs.csv, codes.csv; whichever are present, in dependency order) into the
 * database in ONE transaction: every row is upserted, or, when any row is bad, nothing at all.
 * Files are streamed and written in JDBC batches, so memory does not grow with the files.
 */
public final class RosterLoader {

    /** Errors listed in a result (all are counted). */
    public static final int MAX_LISTED = 100;
    /** Rows per MERGE statement. */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(RosterLoader.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(false).get();

    private final Database database;
    private final int batchSize;

    public RosterLoader(Database database) {
        this(database, DEFAULT_BATCH_SIZE);
    }

    public RosterLoader(Database database, int batchSize) {
        this.database = database;
        this.batchSize = batchSize;
    }

    /** {@link #load(Path)} for routes, which hold the folder as text ({@code ${header.CamelFileParent}}). */
    public RosterLoadResult loadFolder(String dir) {
        return load(Path.of(dir));
    }

    /** Loads whichever roster files are in {@code dir}; never throws for bad data (see the result). */
    public RosterLoadResult load(Path dir) {
        long started = System.nanoTime();
        Run run = new Run();
        if (!Files.isDirectory(dir)) {
            run.error(dir.toString(), 0, "the folder does not exist. Give the folder that holds the roster CSV files.");
            return run.result(dir, started);
        }
        List<RosterFile> present = new ArrayList<>();
        for (RosterFile f : RosterFile.values()) {
            if (Files.isRegularFile(dir.resolve(f.fileName()))) {
                present.add(f);
            }
        }
        if (present.isEmpty()) {
            run.error(dir.toString(), 0, "no roster file found. Expected one or more of schools.csv, students.csv, "
                    + "contacts.csv, enrollment.csv, programs.csv, codes.csv.");
            return run.result(dir, started);
        }
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                for (RosterFile f : present) {
                    loadFile(c, f, dir.resolve(f.fileName()), run);
                }
                if (run.errorCount == 0) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            run.error(dir.toString(), 0, "the database refused the load: " + rootMessage(e)
                    + ". Nothing was written; check the database and load again.");
        }
        RosterLoadResult result = run.result(dir, started);
        if (result.loaded()) {
            LOG.info("Roster {}: {} in {} ms", dir, result.summary(), result.elapsed().toMillis());
        } else {
            LOG.warn("Roster {}: {}", dir, result.summary());
        }
        return result;
    }

    private void loadFile(Connection c, RosterFile file, Path path, Run run) throws SQLException {
        String name = file.fileName();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CSVParser parser = FORMAT.parse(reader);
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                run.error(name, 1, "the file is empty; it needs a header row with at least "
                        + propertyNames(file.keys()) + ".");
                return;
            }
            Layout layout = Layout.of(file, records.next(), run);
            if (layout == null) {
                return;
            }
            long lineEnd = parser.getCurrentLineNumber();
            try (Writers writers = new Writers(c, file, layout, batchSize)) {
                while (true) {
                    CSVRecord record;
                    long line = lineEnd + 1;
                    try {
                        if (!records.hasNext()) {
                            break;
                        }
                        record = records.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        run.error(name, line, unreadable(e));
                        break;
                    }
                    lineEnd = parser.getCurrentLineNumber();
                    Object[] row = layout.convert(record, name, line, run);
                    if (row != null && run.errorCount == 0) {
                        try {
                            writers.add(row, line);
                        } catch (SQLException e) {
                            run.error(name, line, "the database refused the rows up to this line: " + rootMessage(e)
                                    + ". Nothing was written; fix the file and load again.");
                        }
                    }
                }
                if (run.errorCount == 0) {
                    try {
                        writers.flush();
                    } catch (SQLException e) {
                        run.error(name, lineEnd, "the database refused the last rows: " + rootMessage(e)
                                + ". Nothing was written; fix the file and load again.");
                    }
                }
                writers.count(run);
            }
        } catch (IOException | UncheckedIOException e) {
            run.error(name, 0, unreadable(e));
        }
    }

    private static String unreadable(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof CharacterCodingException) {
            return "the file is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and load again.";
        }
        return "the CSV cannot be read from here on (" + t.getMessage()
                + "); check for an unbalanced quote or a file cut short, fix it and load again.";
    }

    static String propertyNames(List<Column> columns) {
        return String.join(", ", columns.stream().map(Column::property).toList());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The header of one file: which column each field is. */
    static final class Layout {
        final RosterFile file;
        final Column[] columns; // per field; null = unknown (ignored)
        final int width;

        private Layout(RosterFile file, Column[] columns) {
            this.file = file;
            this.columns = columns;
            this.width = columns.length;
        }

        static Layout of(RosterFile file, CSVRecord header, Run run) {
            String name = file.fileName();
            Column[] columns = new Column[header.size()];
            boolean ok = true;
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                Column col = file.byHeader(h);
                if (col == null) {
                    run.warn(name, 1, "unknown column '" + h.trim() + "' ignored (not an Aeries property this file"
                            + " loads; check the spelling if it should be loaded).");
                    continue;
                }
                for (int j = 0; j < i; j++) {
                    if (columns[j] == col) {
                        run.error(name, 1, "the column " + col.property() + " appears twice; keep one.");
                        ok = false;
                    }
                }
                columns[i] = col;
            }
            for (Column key : file.keys()) {
                if (!java.util.Arrays.asList(columns).contains(key)) {
                    run.error(name, 1, "the key column " + key.property() + " is missing; the file needs "
                            + propertyNames(file.keys()) + " in its header row.");
                    ok = false;
                }
            }
            return ok ? new Layout(file, columns) : null;
        }

        int indexOf(Column c) {
            for (int i = 0; i < width; i++) {
                if (columns[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        /** The row's values per field (Integer, LocalDate, LocalDateTime, Boolean, BigDecimal, String or null), or null when the row is bad. */
        Object[] convert(CSVRecord record, String name, long line, Run run) {
            if (record.size() != width) {
                run.error(name, line, "the row has " + record.size() + " fields but the header has " + width
                        + "; check for a missing or extra comma, or quote the value that holds a comma.");
                return null;
            }
            Object[] row = new Object[width];
            boolean ok = true;
            for (int i = 0; i < width; i++) {
                Column col = columns[i];
                if (col == null) {
                    continue;
                }
                String cell = record.get(i).trim();
                if (cell.isEmpty()) {
                    if (col.key()) {
                        run.error(name, line, "the key " + col.property() + " is empty; every row needs "
                                + propertyNames(file.keys()) + ".");
                        ok = false;
                    }
                    row[i] = col.type() == Type.TEXT_NOT_NULL ? "" : null;
                    continue;
                }
                try {
                    row[i] = value(col, cell);
                } catch (IllegalArgumentException e) {
                    run.error(name, line, col.property() + " '" + cell + "' " + e.getMessage());
                    ok = false;
                }
            }
            return ok ? row : null;
        }

        private static Object value(Column col, String cell) {
            switch (col.type()) {
                case INTEGER:
                    try {
                        return Integer.valueOf(cell);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("is not a whole number.");
                    }
                case DATE:
                    try {
                        if (cell.length() > 10 && cell.charAt(10) == 'T') {
                            return LocalDateTime.parse(cell).toLocalDate();
                        }
                        return LocalDate.parse(cell);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("is not a date; write dates as yyyy-MM-dd.");
                    }
                case BOOLEAN:
                    switch (cell.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "y", "yes", "1":
                            return Boolean.TRUE;
                        case "false", "n", "no", "0":
                            return Boolean.FALSE;
                        default:
                            throw new IllegalArgumentException("is not true or false (Y/N and 1/0 are accepted too).");
                    }
                case DECIMAL:
                    try {
                        java.math.BigDecimal d = new java.math.BigDecimal(cell);
                        if (d.scale() > 4 || d.precision() - d.scale() > 15) {
                            throw new NumberFormatException();
                        }
                        return d;
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("is not a number with at most 15 digits before and 4 after the point.");
                    }
                case DATETIME:
                    try {
                        String t = cell.replace(' ', 'T');
                        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("is not a date and time; write them as yyyy-MM-ddTHH:mm:ss.");
                    }
                default:
                    if (col.maxLength() > 0 && cell.length() > col.maxLength()) {
                        throw new IllegalArgumentException("is longer than " + col.maxLength() + " characters.");
                    }
                    return cell;
            }
        }
    }

    /**
     * The upserts of one file: one writer for the file's table; for programs.csv a second one for
     * sped_record, which takes the 144/144x rows.
     */
    static final class Writers implements AutoCloseable {
        private final RosterFile file;
        private final MergeWriter main;
        private final int[] mainFields;
        private final ProgramRows sped;

        Writers(Connection c, RosterFile file, Layout layout, int batchSize) throws SQLException {
            this.file = file;
            List<MergeWriter.Value> values = new ArrayList<>();
            List<Integer> fields = new ArrayList<>();
            for (int i = 0; i < layout.width; i++) {
                Column col = layout.columns[i];
                if (col != null && col.column() != null) {
                    values.add(MergeWriter.Value.of(col.column(), col.type(), col.key()));
                    fields.add(i);
                }
            }
            this.main = new MergeWriter(c, file.table(), values, file.hasUpdatedAt(), batchSize);
            this.mainFields = fields.stream().mapToInt(Integer::intValue).toArray();
            this.sped = file == RosterFile.PROGRAMS ? new ProgramRows(c, layout, batchSize) : null;
        }

        void add(Object[] row, long line) throws SQLException {
            if (sped != null && sped.accepts(row)) {
                sped.add(row);
                return;
            }
            Object[] values = new Object[mainFields.length];
            for (int i = 0; i < mainFields.length; i++) {
                values[i] = row[mainFields[i]];
            }
            main.add(values);
        }

        void flush() throws SQLException {
            main.flush();
            if (sped != null) {
                sped.flush();
            }
        }

        void count(Run run) {
            run.files.add(new FileCount(file.fileName(), main.table(), main.written()));
            if (sped != null) {
                run.files.add(new FileCount(file.fileName(), "sped_record", sped.written()));
            }
        }

        @Override
        public void close() throws SQLException {
            main.close();
            if (sped != null) {
                sped.close();
            }
        }
    }

    /** Collects counts and problems while a load runs. */
    static final class Run {
        final List<FileCount> files = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        final List<Problem> errors = new ArrayList<>();
        long errorCount;

        void error(String file, long line, String reason) {
            errorCount++;
            if (errors.size() < MAX_LISTED) {
                errors.add(new Problem(file, line, reason));
            }
        }

        void warn(String file, long line, String reason) {
            if (warnings.size() < MAX_LISTED) {
                warnings.add(new Problem(file, line, reason));
            }
        }

        RosterLoadResult result(Path dir, long startedNanos) {
            return new RosterLoadResult(dir, files, warnings, errors, errorCount,
                    Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }
}
