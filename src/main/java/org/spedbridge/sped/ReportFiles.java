package org.spedbridge.sped;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report's CSV attachments (RFC 4180, CRLF, UTF-8), streamed into {@code <work-dir>/<runId>/} with
 * FastCSV's writer, as the SIRAS files are read with its reader (no district-wide list is held in memory):
 * the students files from SQL, the services files while reading. A cell starting with = + - @, a tab or a
 * carriage return gets a leading ' so that a spreadsheet does not run it (a plain number such as -1 is left as it
 * is: {@link #neutralise}). Files larger together than the mail may carry are zipped
 * here too ({@link #forMail}), once, with the run's files: reading a report never writes anything.
 */
public final class ReportFiles {

    public static final String IMPORTED = "Special_Ed_Students_ImportedRecords.csv";
    public static final String UNMATCHED = "Special_Ed_UnmatchedRecords.csv";
    public static final String DUPLICATES = "Special_Ed_Students_Duplicates.csv";
    public static final String NOT_IN_FILE = "Special_Ed_Students_NotInFile.csv";
    public static final String SERVICES_IMPORTED = "Special_Ed_Services_ImportedRecords.csv";
    public static final String SERVICES_UNMATCHED = "Special_Ed_Services_UnmatchedRecords.csv";
    public static final String ERRORS = "Special_Ed_Errors.csv";
    /** A HELD run's list of the students who would lose services (issue 10). */
    public static final String SERVICES_REMOVED = "Special_Ed_Services_Removed.csv";

    /** The attachments in the order the mail lists them. */
    public static final List<String> ORDER = List.of(IMPORTED, UNMATCHED, DUPLICATES, NOT_IN_FILE,
            SERVICES_IMPORTED, SERVICES_UNMATCHED, ERRORS);
    /** A HELD run's attachments: the students who would lose their record's update or services, and the row issues. */
    public static final List<String> HELD = List.of(NOT_IN_FILE, SERVICES_REMOVED, ERRORS);

    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);
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
        String staged = " FROM " + SirasLayout.STUDENTS.stagingTableName() + " st JOIN sped_stage_match m"
                + " ON m.run_id = st.run_id AND m.line_number = st.line_number";
        List<Path> files = new ArrayList<>();
        files.add(write(c, dir.resolve(IMPORTED),
                new String[] {"OriginalLineNumber", "SSID", "FirstName", "LastName", "Birthdate", "Grade", "StudentID"},
                "SELECT st.line_number, " + st("ssid", "first_name", "last_name", "birthdate")
                        + ", s.grade, m.student_id" + staged + " LEFT JOIN student s ON s.student_id = m.student_id"
                        + " WHERE st.run_id = ? AND m.outcome = 'MATCHED' ORDER BY st.line_number, " + ROSTER_ORDER,
                runId, 1).path());
        files.add(write(c, dir.resolve(UNMATCHED),
                new String[] {"OriginalLineNumber", "SSID", "StudentID", "FirstName", "LastName", "Birthdate", "Grade"},
                "SELECT st.line_number, " + st("ssid", SirasLayout.LOCAL_ID, "first_name", "last_name", "birthdate",
                        "grade") + staged + " WHERE st.run_id = ? AND m.outcome = 'UNMATCHED' ORDER BY st.line_number",
                runId, 0).path());
        files.add(write(c, dir.resolve(DUPLICATES),
                new String[] {"OriginalLineNumber", "SSID", "FirstName", "LastName", "Birthdate", "Grade"},
                "SELECT st.line_number, " + st("ssid", "first_name", "last_name", "birthdate", "grade") + staged
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
        private final CsvWriter importedOut;
        private final CsvWriter unmatchedOut;

        public ServiceLists(Path dir) throws IOException {
            Files.createDirectories(dir);
            imported = dir.resolve(SERVICES_IMPORTED);
            unmatched = dir.resolve(SERVICES_UNMATCHED);
            importedOut = csv(imported).writeRecord("OriginalLineNumber", "SSID", "StudentID", "ServiceCode");
            CsvWriter second;
            try {
                second = csv(unmatched).writeRecord("OriginalLineNumber", "SSID", "LocalStudentID", "ServiceCode",
                        "Reason");
            } catch (IOException | RuntimeException e) {
                importedOut.close();
                throw e;
            }
            unmatchedOut = second;
        }

        public void imported(long line, String ssid, int studentId, String serviceCode) throws IOException {
            importedOut.writeRecord(Long.toString(line), neutralise(ssid), Integer.toString(studentId),
                    neutralise(serviceCode));
        }

        public void unmatched(long line, String ssid, String localId, String serviceCode, String reason)
                throws IOException {
            unmatchedOut.writeRecord(Long.toString(line), neutralise(ssid), neutralise(localId), neutralise(serviceCode),
                    neutralise(reason));
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

    /** The staging columns of these students-file fields (the layout says which column holds each). */
    private static String st(String... fields) {
        List<String> columns = new ArrayList<>();
        for (String f : fields) {
            columns.add("st." + SirasLayout.STUDENTS.field(f).staged());
        }
        return String.join(", ", columns);
    }

    /** The zip that carries a run's report files when they are too large to attach one by one. */
    public static String zipName(long runId) {
        return "Special_Ed_Reports_run" + runId + ".zip";
    }

    /**
     * The run's report files as the mail carries them, decided once, when the run's files are written: the
     * files themselves, or, when together they are larger than {@code maxBytes} (mail servers refuse big
     * messages, and a refused report would wait in the outbox for ever), one zip of them written beside them.
     * A zip that cannot be written (disk full) is logged and the files travel as they are: the run is not
     * failed for its mail.
     */
    public static List<Path> forMail(List<Path> files, long runId, long maxBytes) {
        List<Path> present = files.stream().filter(Files::isRegularFile).toList();
        Path zip = present.isEmpty() ? null : present.get(0).resolveSibling(zipName(runId));
        try {
            long total = 0;
            for (Path p : present) {
                total += Files.size(p);
            }
            if (zip == null || total <= maxBytes) {
                return present;
            }
            Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
            try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024))) {
                out.setLevel(Deflater.BEST_SPEED); // CSV text: about as small as the default level, in half the time
                for (Path csv : present) {
                    out.putNextEntry(new ZipEntry(csv.getFileName().toString()));
                    Files.copy(csv, out);
                    out.closeEntry();
                }
            }
            Files.move(tmp, zip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return List.of(zip);
        } catch (IOException e) {
            LOG.warn("Run {}: the zip of its report files could not be written ({}); the mail carries the files as they are",
                    runId, e.toString());
            try {
                Files.deleteIfExists(zip.resolveSibling(zip.getFileName() + ".tmp"));
            } catch (IOException ignored) {
                // nothing more to do: the next cleanup of old run folders removes it
            }
            return present;
        }
    }

    /**
     * The report files of a recorded run as its mail carries them, from its folder (a report delivered after the
     * process that ran it stopped): the zip when the run made one, else its files, zipped now when too large.
     */
    public static List<Path> forMail(Path dir, long runId, long maxBytes) {
        List<Path> onDisk = onDisk(dir, runId);
        boolean zipped = onDisk.size() == 1 && onDisk.get(0).getFileName().toString().equals(zipName(runId));
        return zipped ? onDisk : forMail(onDisk, runId, maxBytes);
    }

    /** What the mail of a finished run carried, from its folder: the zip when there is one, else its report files. */
    public static List<Path> onDisk(Path dir, long runId) {
        Path zip = dir.resolve(zipName(runId));
        if (Files.isRegularFile(zip)) {
            return List.of(zip);
        }
        return java.util.stream.Stream.concat(ORDER.stream(), java.util.stream.Stream.of(SERVICES_REMOVED))
                .map(dir::resolve).filter(Files::isRegularFile).toList();
    }

    /** A CSV file as the report writes it: RFC 4180 (quotes only where needed), CRLF, UTF-8, 64 KB buffer. */
    private static CsvWriter csv(Path file) throws IOException {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).bufferSize(64 * 1024)
                .build(file, StandardCharsets.UTF_8);
    }

    /** Removes the report files of a run that was not applied (student data that no mail will carry). */
    public static void deleteAll(Path dir) throws IOException {
        deleteAllBut(dir, List.of());
    }

    /** Removes the report files of a run except those named in {@code keep} (a HELD run keeps {@link #HELD}). */
    public static void deleteAllBut(Path dir, List<String> keep) throws IOException {
        for (String name : ORDER) {
            if (!keep.contains(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        if (!keep.contains(SERVICES_REMOVED)) {
            Files.deleteIfExists(dir.resolve(SERVICES_REMOVED));
        }
    }

    /** What {@link #writeServicesRemoved} found: the students who would lose services, and how many services. */
    public record Removed(Path file, int students, int services) {
    }

    /**
     * A matched student's current services: those of its record's services_run_id, as committed (0: services of no
     * import). The one definition the hold check ({@link #currentServicesPerStudent}) and the file
     * ({@link #writeServicesRemoved}) share, so that the number the check measures and the file a held run attaches
     * cannot disagree. Aliases: m = sped_stage_match, r = sped_record.
     */
    private static final String CURRENT_OF_STUDENT = "(SELECT COUNT(*) FROM sped_service sv"
            + " WHERE sv.last_import_run_id = COALESCE(r.services_run_id, 0) AND sv.student_id = m.student_id)";

    /**
     * Per student this run imports (MATCHED: one row per student, two rows matching one student are DUPLICATE), its
     * current services and this run's: two look-ups on sped_service's primary key (run, student) each, whatever the
     * size of the table. Two parameters: the run, twice.
     */
    private static final String SERVICES_PER_STUDENT = "SELECT m.student_id, " + CURRENT_OF_STUDENT + " AS cur,"
            + " (SELECT COUNT(*) FROM sped_service sv WHERE sv.last_import_run_id = ? AND sv.student_id = m.student_id)"
            + " AS nw FROM sped_stage_match m LEFT JOIN sped_record r ON r.student_id = m.student_id"
            + " WHERE m.run_id = ? AND m.outcome = 'MATCHED'";

    /**
     * The current services of each student this run imports that has any (student id -> count), from committed
     * data: what the hold check compares this run's services with. It needs only the run's matches, so it is read
     * while the services are written (their count per student is kept as they are written).
     */
    public static Map<Integer, Integer> currentServicesPerStudent(Connection c, long runId) throws SQLException {
        // the students without services are left out here, not by a WHERE on the count: PostgreSQL would run the
        // count's look-ups twice per student, once for the WHERE and once for the column (measured for 100,000
        // students: 1.5 s with the WHERE, 1.0 s without)
        String sql = "SELECT m.student_id, " + CURRENT_OF_STUDENT + " AS cur"
                + " FROM sped_stage_match m LEFT JOIN sped_record r ON r.student_id = m.student_id"
                + " WHERE m.run_id = ? AND m.outcome = 'MATCHED'";
        Map<Integer, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int current = rs.getInt(2);
                    if (current > 0) {
                        out.put(rs.getInt(1), current);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Special_Ed_Services_Removed.csv: each student this run imports who has more current services than the run
     * brings (their services are replaced: the difference would be gone), with both numbers. Read from committed
     * data ({@code c} outside the run's transaction) and this run's service rows. Held runs attach it; the hold
     * check writes it only for them (every night the hold check only counts).
     */
    public static Removed writeServicesRemoved(Connection c, long runId, Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(SERVICES_REMOVED);
        int students = 0;
        int services = 0;
        String sql = "SELECT x.student_id, s.state_student_id, s.first_name, s.last_name, s.school_code, x.cur, x.nw"
                + " FROM (" + SERVICES_PER_STUDENT + ") x LEFT JOIN student s ON s.student_id = x.student_id"
                + " WHERE x.cur > x.nw ORDER BY x.student_id, " + ROSTER_ORDER;
        try (PreparedStatement ps = c.prepareStatement(sql); CsvWriter out = csv(file)) {
            out.writeRecord("StudentID", "SSID", "FirstName", "LastName", "SchoolCode", "CurrentServices",
                    "ServicesInFile", "Removed");
            ps.setLong(1, runId);
            ps.setLong(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                int previous = -1;
                while (rs.next()) {
                    int student = rs.getInt(1);
                    if (student == previous) {
                        continue; // one line per student, however many schools the roster lists
                    }
                    previous = student;
                    int current = rs.getInt(6);
                    int inFile = rs.getInt(7);
                    out.writeRecord(Integer.toString(student), neutralise(rs.getString(2)), neutralise(rs.getString(3)),
                            neutralise(rs.getString(4)), neutralise(rs.getString(5)), Integer.toString(current),
                            Integer.toString(inFile), Integer.toString(current - inFile));
                    students++;
                    services += current - inFile;
                }
            }
        }
        return new Removed(file, students, services);
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
        try (PreparedStatement ps = c.prepareStatement(sql); CsvWriter out = csv(file)) {
            out.writeRecord(header);
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
                    out.writeRecord(cells);
                    rows++;
                }
            }
        }
        return new Result(file, rows);
    }

    /** A plain number (a TK grade {@code -1}, {@code -2.5}): a spreadsheet shows it as it is. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /**
     * A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets a
     * leading apostrophe; a plain number ({@code -1}, {@code -2.5}) is left as it is.
     */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell == null ? "" : cell;
        }
        char first = cell.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '@' || first == '\t' || first == '\r'
                || (first == '-' && !PLAIN_NUMBER.matcher(cell).matches());
        return formula ? "'" + cell : cell;
    }
}
