package org.spedbridge.sped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report's CSV attachments, streamed into {@code <work-dir>/<runId>/} with commons-csv (no
 * district-wide list is held in memory): the students files from SQL, the services files while reading. A cell starting with = + - or @ gets a leading '
 * so that a spreadsheet does not run it.
 */
public final class ReportFiles {

    public static final String IMPORTED = "Special_Ed_Students_ImportedRecords.csv";
    public static final String UNMATCHED = "Special_Ed_UnmatchedRecords.csv";
    public static final String DUPLICATES = "Special_Ed_Students_Duplicates.csv";
    public static final String NOT_IN_FILE = "Special_Ed_Students_NotInFile.csv";
    public static final String SERVICES_IMPORTED = "Special_Ed_Services_ImportedRecords.csv";
    public static final String SERVICES_UNMATCHED = "Special_Ed_Services_UnmatchedRecords.csv";
    public static final String ERRORS = "Special_Ed_Errors.csv";

    /** The attachments in the order the mail lists them. */
    public static final List<String> ORDER = List.of(IMPORTED, UNMATCHED, DUPLICATES, NOT_IN_FILE,
            SERVICES_IMPORTED, SERVICES_UNMATCHED, ERRORS);

    private static final int FETCH = 2000;
    /** Roster rows of one student: the active school first, then the lowest school code. */
    private static final String ROSTER_ORDER = "CASE WHEN s.inactive_status_code = '' THEN 0 ELSE 1 END, s.school_code";

    private ReportFiles() {
    }

    /** The written files of an APPLIED run, plus how many students were not in the file. */
    public record Written(List<Path> files, int notInFile) {
    }

    /**
     * Writes the four students files of an applied run (inside the apply transaction, so they show what is
     * committed). The two services files are written while the services file is read ({@link ServiceLists}).
     */
    public static Written writeStudents(Connection c, long runId, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(write(c, dir.resolve(IMPORTED),
                new String[] {"OriginalLineNumber", "SSID", "FirstName", "LastName", "Birthdate", "Grade", "StudentID"},
                "SELECT st.line_number, st.ssid, st.first_name, st.last_name, st.birthdate, s.grade, m.student_id"
                        + " FROM sped_stage_student st JOIN sped_stage_match m ON m.run_id = st.run_id AND m.line_number = st.line_number"
                        + " LEFT JOIN student s ON s.student_id = m.student_id"
                        + " WHERE st.run_id = ? AND m.outcome = 'MATCHED' ORDER BY st.line_number, " + ROSTER_ORDER,
                runId, 1).path());
        files.add(write(c, dir.resolve(UNMATCHED),
                new String[] {"OriginalLineNumber", "SSID", "StudentID", "FirstName", "LastName", "Birthdate", "Grade"},
                "SELECT st.line_number, st.ssid, st.local_id, st.first_name, st.last_name, st.birthdate, st.grade"
                        + " FROM sped_stage_student st JOIN sped_stage_match m ON m.run_id = st.run_id AND m.line_number = st.line_number"
                        + " WHERE st.run_id = ? AND m.outcome = 'UNMATCHED' ORDER BY st.line_number",
                runId, 0).path());
        files.add(write(c, dir.resolve(DUPLICATES),
                new String[] {"OriginalLineNumber", "SSID", "FirstName", "LastName", "Birthdate", "Grade"},
                "SELECT st.line_number, st.ssid, st.first_name, st.last_name, st.birthdate, st.grade"
                        + " FROM sped_stage_student st JOIN sped_stage_match m ON m.run_id = st.run_id AND m.line_number = st.line_number"
                        + " WHERE st.run_id = ? AND m.outcome = 'DUPLICATE' ORDER BY st.line_number",
                runId, 0).path());
        Result notInFile = write(c, dir.resolve(NOT_IN_FILE),
                new String[] {"StudentID", "SSID", "FirstName", "LastName", "SchoolCode"},
                "SELECT r.student_id, COALESCE(r.state_student_id, s.state_student_id), s.first_name, s.last_name,"
                        + " s.school_code FROM sped_record r LEFT JOIN student s ON s.student_id = r.student_id"
                        + " WHERE (r.last_import_run_id IS NULL OR r.last_import_run_id <> ?)"
                        + " ORDER BY r.student_id, " + ROSTER_ORDER,
                runId, 1);
        files.add(notInFile.path());
        return new Written(files, (int) notInFile.rows());
    }

    /**
     * The two services files, written row by row while the services file is read (in file order, so no
     * query and no sort afterwards). A run that is not applied deletes them ({@link #deleteAll}).
     */
    public static final class ServiceLists implements AutoCloseable {
        private final Path imported;
        private final Path unmatched;
        private final ChunkedPrinter importedOut;
        private final ChunkedPrinter unmatchedOut;

        public ServiceLists(Path dir) throws IOException {
            Files.createDirectories(dir);
            imported = dir.resolve(SERVICES_IMPORTED);
            unmatched = dir.resolve(SERVICES_UNMATCHED);
            importedOut = new ChunkedPrinter(imported, "OriginalLineNumber", "SSID", "StudentID", "ServiceCode");
            ChunkedPrinter second;
            try {
                second = new ChunkedPrinter(unmatched, "OriginalLineNumber", "SSID", "LocalStudentID", "ServiceCode",
                        "Reason");
            } catch (IOException | RuntimeException e) {
                importedOut.close();
                throw e;
            }
            unmatchedOut = second;
        }

        public void imported(long line, String ssid, int studentId, String serviceCode) throws IOException {
            importedOut.print(line, neutralise(ssid), studentId, neutralise(serviceCode));
        }

        public void unmatched(long line, String ssid, String localId, String serviceCode, String reason)
                throws IOException {
            unmatchedOut.print(line, neutralise(ssid), neutralise(localId), neutralise(serviceCode), neutralise(reason));
        }

        public Path importedFile() {
            return imported;
        }

        public Path unmatchedFile() {
            return unmatched;
        }

        @Override
        public void close() throws IOException {
            try {
                importedOut.close();
            } finally {
                unmatchedOut.close();
            }
        }
    }

    /**
     * commons-csv printing into a StringBuilder that goes to the file 64 KB at a time, encoded to UTF-8 in one
     * call: a million lines cost a quarter of the services' reading time when every cell was a Writer call.
     */
    private static final class ChunkedPrinter implements AutoCloseable {
        private static final int CHUNK = 64 * 1024;
        private final OutputStream file;
        private final StringBuilder chunk = new StringBuilder(2 * CHUNK);
        private final CSVPrinter printer;

        ChunkedPrinter(Path path, String... header) throws IOException {
            this.file = Files.newOutputStream(path);
            this.printer = new CSVPrinter(chunk, CSVFormat.DEFAULT.builder().setHeader(header).get());
        }

        void print(Object... cells) throws IOException {
            printer.printRecord(cells);
            if (chunk.length() >= CHUNK) {
                flushChunk();
            }
        }

        private void flushChunk() throws IOException {
            file.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
            chunk.setLength(0);
        }

        @Override
        public void close() throws IOException {
            try {
                printer.close();
                flushChunk();
            } finally {
                file.close();
            }
        }
    }

    /** Removes the report files of a run that was not applied (student data that no mail will carry). */
    public static void deleteAll(Path dir) throws IOException {
        for (String name : ORDER) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Special_Ed_Errors.csv from the run's import_issue rows. */
    public static Path writeErrors(Connection c, long runId, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        return write(c, dir.resolve(ERRORS), new String[] {"File", "OriginalLineNumber", "SSID", "Kind", "Reason"},
                "SELECT file_name, line_number, ssid, kind, reason FROM import_issue WHERE run_id = ? ORDER BY seq",
                runId, 0).path();
    }

    private record Result(Path path, long rows) {
    }

    /**
     * Streams a query into a CSV file. With {@code distinctColumns} > 0, only the first row of each value of
     * the first column is written (a student with roster rows at several schools appears once).
     */
    private static Result write(Connection c, Path file, String[] header, String sql, long runId, int distinctColumns)
            throws SQLException, IOException {
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql);
             Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                int n = header.length;
                Object previousKey = null;
                String[] cells = new String[n];
                while (rs.next()) {
                    Object key = rs.getObject(1);
                    if (distinctColumns > 0 && rows > 0 && Objects.equals(key, previousKey)) {
                        continue;
                    }
                    previousKey = key;
                    for (int i = 0; i < n; i++) {
                        cells[i] = neutralise(rs.getString(i + 1));
                    }
                    out.printRecord((Object[]) cells);
                    rows++;
                }
            }
        }
        return new Result(file, rows);
    }

    /** A cell a spreadsheet would run as a formula gets a leading apostrophe. */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' ? "'" + cell : cell;
    }
}
