package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.spedbridge.config.Settings;

/**
 * The endpoints of the Aeries-v5-compatible API. The guard has checked the key and the areas of the
 * {@link ApiEndpoint} table before a method runs; each method validates its path parameters (a bad one
 * is a 400, never SQL), runs one read-only query with bound parameters and answers with the endpoint's
 * view from the table, as JSON or XML ({@link ResponseFormat}). A list whose rows fit in the first
 * database chunk is sent at once; a longer one is a {@link ListBody} written while it is sent (the REST
 * binding is off).
 */
public final class AeriesApi {

    public static final String YEAR_HEADER = "X-Database-Year";
    private static final Pattern ID = Pattern.compile("\\d{1,9}");
    private static final Pattern GRADE = Pattern.compile("-[12]|\\d{1,2}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{1,2}");
    private static final Pattern CODE_NAME = Pattern.compile("[A-Za-z0-9_]{1,20}");
    private static final Pattern PROGRAM_CODE = Pattern.compile("[A-Za-z0-9]{1,5}");
    /** Plain Jackson: the documents are byte for byte what Jackson writes for the ordered maps. */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Aeries' CurrentDateTime: 2021-03-03T11:13:38.9539491-08:00 (.NET's round-trip format). */
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx");
    /** StudentDataChanges areas Aeries documents that the SIS holds no data for: always []. */
    private static final Set<String> AREAS_WITHOUT_DATA = Set.of("test", "class");

    private final DataSource dataSource;
    private final int defaultYear;
    private final Set<Integer> years;
    private final long maxRecord;
    private final int chunkSize;
    private final String aeriesVersion;
    private final ZoneId zone;
    private final String zoneName;

    public AeriesApi(DataSource dataSource, Settings settings) {
        this.dataSource = dataSource;
        // blank: the school year that is running now (it starts in July)
        this.defaultYear = settings.get("api.database-year").isEmpty() ? (LocalDateTime.now().getMonthValue() >= 7
                ? LocalDateTime.now().getYear() : LocalDateTime.now().getYear() - 1) : settings.getInt("api.database-year");
        Set<Integer> ys = new LinkedHashSet<>();
        ys.add(defaultYear);
        for (String y : settings.get("api.database-years").split(",")) {
            if (YEAR.matcher(y.trim()).matches()) {
                ys.add(Integer.parseInt(y.trim()));
            }
        }
        this.years = ys;
        this.maxRecord = Math.max(1, settings.getInt("api.paging.max-record"));
        this.chunkSize = Math.max(10, settings.getInt("api.fetch-size"));
        this.aeriesVersion = settings.require("api.aeries-version");
        this.zone = ZoneId.of(settings.require("district.time-zone"));
        this.zoneName = TimeZoneNames.windowsDisplayName(zone);
    }

    // ------------------------------------------------------------------ no key
    /** One object: version, years, the server's time zone and time in Aeries' (Windows/.NET) formats. */
    public byte[] systeminfo(Exchange ex) {
        int year = year(ex);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AeriesVersion", aeriesVersion);
        out.put("DatabaseYear", schoolYear(year));
        out.put("AvailableDatabaseYears", years.stream().sorted().map(AeriesApi::schoolYear).toList());
        out.put("LocalTimeZoneName", zoneName);
        out.put("CurrentDateTime", OffsetDateTime.now(zone).format(NOW));
        done(ex, year, 1);
        return encode(ex, out);
    }

    // ------------------------------------------------------------------ key, no area
    public Object schools(Exchange ex) {
        return list(ex, "SELECT " + AeriesViews.SCHOOL.columns("s") + " FROM school s ORDER BY s.school_code",
                List.of(), AeriesViews.SCHOOL::row, false);
    }

    /** One School object, as Aeries documents it for school 994; 404 when there is none. */
    public byte[] school(Exchange ex) {
        int sc = id(ex, "SchoolCode");
        RowStream rows = query(ex, "SELECT " + AeriesViews.SCHOOL.columns("s") + " FROM school s WHERE s.school_code = ?"
                + " ORDER BY s.school_code", List.of(sc), AeriesViews.SCHOOL::row, false);
        List<Map<String, Object>> all = rows.complete();
        if (all.isEmpty()) {
            throw ApiException.notFound("There is no school with SchoolCode " + sc + ". GET /api/v5/schools lists them.");
        }
        done(ex, year(ex), 1);
        return encode(ex, all.get(0));
    }

    public Object codes(Exchange ex) {
        String table = text(ex, "Table", CODE_NAME);
        String field = text(ex, "Field", CODE_NAME);
        return list(ex, "SELECT " + AeriesViews.CODE.columns("c") + " FROM code c WHERE UPPER(c.table_name) = ?"
                        + " AND UPPER(c.field_name) = ? ORDER BY c.code",
                List.of(table.toUpperCase(Locale.ROOT), field.toUpperCase(Locale.ROOT)), AeriesViews.CODE::row, false);
    }

    // ------------------------------------------------------------------ student-data
    /** /schools/{SchoolCode}/students[/{StudentID}][/extended] (StudentID 0 = all): the view of the endpoint. */
    public Object students(Exchange ex) {
        int sc = id(ex, "SchoolCode");
        int student = optionalId(ex, "StudentID");
        List<Object> params = new ArrayList<>(List.of(sc));
        String where = "s.school_code = ?";
        if (student != 0) {
            where += " AND s.student_id = ?";
            params.add(student);
        }
        return studentList(ex, where, params);
    }

    /** /schools/{SchoolCode}/students/grade/{Grade}[/extended]. */
    public Object studentsByGrade(Exchange ex) {
        int sc = id(ex, "SchoolCode");
        String g = ex.getMessage().getHeader("Grade", "", String.class);
        if (!GRADE.matcher(g).matches()) {
            throw ApiException.badRequest("Grade must be a whole number (-2 preschool, -1 TK, 0 K, 1-12, above 12 ungraded).");
        }
        return studentList(ex, "s.school_code = ? AND s.grade = ?", List.of(sc, Integer.parseInt(g)));
    }

    /** /schools/{SchoolCode}/students/sn/{StudentNumber}[/extended]. */
    public Object studentsByNumber(Exchange ex) {
        int sc = id(ex, "SchoolCode");
        int sn = id(ex, "StudentNumber");
        return studentList(ex, "s.school_code = ? AND s.student_number = ?", List.of(sc, sn));
    }

    private Object studentList(Exchange ex, String where, List<Object> params) {
        AeriesViews.View view = ApiEndpoint.of(ex).view();
        return list(ex, "SELECT " + view.columns("s") + " FROM student s WHERE " + where
                + " ORDER BY s.student_id, s.school_code", params, view::row, true);
    }

    /**
     * /StudentDataChanges/{area}/{yyyy}/{MM}/{dd}/{HH}/{mm}: students changed since then, for every area
     * Aeries documents (student, contact, program, test, class, enrollment); [] for those without data here.
     */
    public Object changes(Exchange ex) {
        String area = ex.getMessage().getHeader("area", "", String.class).toLowerCase(Locale.ROOT);
        LocalDateTime since = since(ex);
        java.sql.Timestamp from = java.sql.Timestamp.valueOf(since);
        String changed;
        List<Object> params = new ArrayList<>(List.of(from));
        switch (area) {
            case "student":
                changed = "s.updated_at >= ?";
                break;
            case "contact":
                changed = "EXISTS (SELECT 1 FROM contact c WHERE c.student_id = s.student_id AND c.updated_at >= ?)";
                break;
            case "program":
                changed = "(EXISTS (SELECT 1 FROM program p WHERE p.student_id = s.student_id AND p.updated_at >= ?)"
                        + " OR EXISTS (SELECT 1 FROM sped_record r WHERE r.student_id = s.student_id AND r.updated_at >= ?))";
                params.add(from);
                break;
            case "enrollment":
                changed = "EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = s.student_id AND e.updated_at >= ?)";
                break;
            default:
                if (AREAS_WITHOUT_DATA.contains(area)) {
                    return answer(ex, new RowStream(List.of()));
                }
                throw ApiException.badRequest("The change area must be one of student, contact, program, test, class, enrollment.");
        }
        return list(ex, "SELECT " + AeriesViews.STUDENT_CHANGE.columns("s") + " FROM student s WHERE " + changed
                + " ORDER BY s.student_id, s.school_code", params, AeriesViews.STUDENT_CHANGE::row, true);
    }

    // ------------------------------------------------------------------ contacts
    /**
     * /schools/{SchoolCode}/contacts and /contacts/{StudentID}: without a StudentID or with 0 every
     * contact of the school's students; with one, that student's contacts and the school code is
     * ignored (000 works), as in Aeries. A contact's SchoolCode is the contacts file's, else the school
     * of the student's record (the one asked for, or the student's active one).
     */
    public Object contacts(Exchange ex) {
        int sc = id(ex, "SchoolCode");
        int student = optionalId(ex, "StudentID");
        String columns = AeriesViews.CONTACT.columns("c");
        if (student == 0) {
            return list(ex, "SELECT " + columns + " FROM contact c JOIN student s ON s.student_id = c.student_id"
                    + " AND s.school_code = ? ORDER BY c.student_id, c.sequence_number", List.of(sc), AeriesViews.CONTACT::row, true);
        }
        return list(ex, "SELECT " + columns + " FROM contact c LEFT JOIN student s ON s.student_id = c.student_id"
                + " AND s.school_code = COALESCE("
                + "(SELECT MIN(a.school_code) FROM student a WHERE a.student_id = c.student_id AND a.inactive_status_code = ''),"
                + " (SELECT MIN(a.school_code) FROM student a WHERE a.student_id = c.student_id))"
                + " WHERE c.student_id = ? ORDER BY c.student_id, c.sequence_number", List.of(student), AeriesViews.CONTACT::row, true);
    }

    // ------------------------------------------------------------------ programs
    /**
     * /schools/{sc}/students/{StudentID or 0}/programs[?code=]: rows of table program (area
     * special-programs) and the special-education rows 144/144x derived from sped_record (area
     * special-education); a key sees only the rows of the areas it holds.
     */
    public Object programs(Exchange ex) {
        String code = ex.getMessage().getHeader("code", "", String.class);
        if (!code.isEmpty() && !PROGRAM_CODE.matcher(code).matches()) {
            throw ApiException.badRequest("code must be a program code such as 144.");
        }
        Set<Area> held = programAreas(ex, code);
        if (code.equalsIgnoreCase(AeriesViews.EVALUATING_CODE)) {
            code = AeriesViews.EVALUATING_CODE;
        }
        int sc = id(ex, "SchoolCode");
        int student = optionalId(ex, "StudentID");
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        String who = student != 0 ? "x.student_id = ?"
                : "EXISTS (SELECT 1 FROM student s WHERE s.student_id = x.student_id AND s.school_code = ?)";
        Object whoParam = student != 0 ? student : sc;
        if (held.contains(Area.SPECIAL_PROGRAMS)) {
            parts.add("SELECT x.student_id, x.program_code, x.program_description, x.eligibility_start_date,"
                    + " x.eligibility_end_date, x.participation_start_date, x.participation_end_date, 0 AS from_sped,"
                    + " CAST(NULL AS VARCHAR(5)) AS disability_code, CAST(NULL AS VARCHAR(5)) AS disability_code2,"
                    + " CAST(NULL AS DATE) AS parental_consent_date, CAST(NULL AS VARCHAR(5)) AS residence_status_code"
                    + " FROM program x WHERE x.program_code NOT IN ('" + AeriesViews.SPED_CODE + "', '"
                    + AeriesViews.EVALUATING_CODE + "') AND " + who);
            params.add(whoParam);
        }
        if (held.contains(Area.SPECIAL_EDUCATION)) {
            parts.add("SELECT x.student_id,"
                    + " CASE WHEN x.eligibility_start_date IS NULL THEN '" + AeriesViews.EVALUATING_CODE + "' ELSE '"
                    + AeriesViews.SPED_CODE + "' END AS program_code,"
                    + " CASE WHEN x.eligibility_start_date IS NULL THEN '" + AeriesViews.EVALUATING_DESCRIPTION
                    + "' ELSE COALESCE(x.program_description, '" + AeriesViews.SPED_DESCRIPTION + "') END AS program_description,"
                    + " x.eligibility_start_date, x.eligibility_end_date, x.participation_start_date,"
                    + " x.participation_end_date, 1 AS from_sped, x.disability_code, x.disability_code2,"
                    + " x.parental_consent_date, x.residence_status_code"
                    + " FROM sped_record x WHERE (x.eligibility_start_date IS NOT NULL OR x.referral_date IS NOT NULL)"
                    + " AND " + who);
            params.add(whoParam);
        }
        String sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts) + ") p";
        if (!code.isEmpty()) {
            sql += " WHERE p.program_code = ?";
            params.add(code);
        }
        sql += " ORDER BY p.student_id, p.program_code";
        return list(ex, sql, params, AeriesViews::program, true);
    }

    /**
     * The program areas a request reads: with {@code ?code=} exactly the one area that code belongs to
     * (144/144x: special-education, any other: special-programs), 403 naming it when the key lacks it;
     * without a code the program areas the key holds (the guard made sure it holds one).
     */
    private static Set<Area> programAreas(Exchange ex, String code) {
        ApiEndpoint.Access access = ApiEndpoint.of(ex).access();
        if (code.isEmpty()) {
            return ApiGuard.requireAny(ex, access.areas());
        }
        Area area = code.equals(AeriesViews.SPED_CODE) || code.equalsIgnoreCase(AeriesViews.EVALUATING_CODE)
                ? Area.SPECIAL_EDUCATION : Area.SPECIAL_PROGRAMS;
        ApiGuard.require(ex, area);
        return EnumSet.of(area);
    }

    // ------------------------------------------------------------------ enrollment-history
    /** /enrollment/{StudentID or 0}[/year/{yyyy}] and /schools/{sc}/enrollment/... */
    public Object enrollment(Exchange ex) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (ex.getMessage().getHeader("SchoolCode") != null) {
            where.add("e.school_code = ?");
            params.add(id(ex, "SchoolCode"));
        }
        int student = optionalId(ex, "StudentID");
        if (student != 0) {
            where.add("e.student_id = ?");
            params.add(student);
        }
        if (ex.getMessage().getHeader("Year") != null) {
            where.add("e.academic_year = ?");
            params.add(text(ex, "Year", YEAR));
        }
        return list(ex, "SELECT " + AeriesViews.ENROLLMENT.columns("e") + " FROM enrollment e"
                        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                        + " ORDER BY e.student_id, e.academic_year, e.enter_date, e.school_code",
                params, AeriesViews.ENROLLMENT::row, true);
    }

    // ------------------------------------------------------------------ helpers
    private Object list(Exchange ex, String sql, List<Object> params, RowStream.RowMapper mapper, boolean paged) {
        return answer(ex, query(ex, sql, params, mapper, paged));
    }

    /** Runs the query for its first chunk (errors surface here, as a 4xx/500 answer); the rest is read while sending. */
    private RowStream query(Exchange ex, String sql, List<Object> params, RowStream.RowMapper mapper, boolean paged) {
        long[] page = paged ? page(ex) : new long[] {0, Long.MAX_VALUE};
        return new RowStream(dataSource, sql, params, mapper, page[0], page[1], chunkSize);
    }

    /**
     * The rows as the endpoint's array: sent at once when the first chunk held them all, else as a
     * {@link ListBody} serialised while platform-http sends it (chunked), so no long list is ever held
     * whole in memory; the audit counts the rows.
     */
    private Object answer(Exchange ex, RowStream rows) {
        done(ex, year(ex), rows);
        List<Map<String, Object>> all = rows.complete();
        if (all != null) {
            return encode(ex, all);
        }
        AeriesViews.View view = ApiEndpoint.of(ex).view();
        ListBody body = ResponseFormat.of(ex).format() == ResponseFormat.XML
                ? new XmlListBody(rows.rows(), view, ListBody.DEFAULT_BUFFER_BYTES)
                : new JsonArrayBody(rows.rows(), JSON, ListBody.DEFAULT_BUFFER_BYTES);
        if (ex.getIn() instanceof HttpMessage http && http.getResponse() != null) {
            // a client that closes the connection mid-list: stop reading the rest from the database
            http.getResponse().closeHandler(closed -> body.stop());
        }
        return body;
    }

    /** One object or a whole list in the format asked for. */
    @SuppressWarnings("unchecked")
    private static byte[] encode(Exchange ex, Object value) {
        AeriesViews.View view = ApiEndpoint.of(ex).view();
        if (ResponseFormat.of(ex).format() == ResponseFormat.XML) {
            return value instanceof List<?> list ? AeriesXml.document(view, (List<Map<String, Object>>) list)
                    : AeriesXml.document(view, (Map<String, Object>) value);
        }
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void done(Exchange ex, int year, Object rows) {
        ex.setProperty(ApiAudit.ROWS, rows);
        ApiResponses.clearRequestHeaders(ex);
        ex.getMessage().setHeader(YEAR_HEADER, Integer.toString(year));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, ResponseFormat.of(ex).contentType());
    }

    /** The year served: the requested one when the district has it, else the default (as Aeries does). */
    private int year(Exchange ex) {
        String y = ex.getMessage().getHeader("DatabaseYear", "", String.class).trim();
        if (YEAR.matcher(y).matches() && years.contains(Integer.parseInt(y))) {
            return Integer.parseInt(y);
        }
        return defaultYear;
    }

    private static String schoolYear(int year) {
        return year + "-" + (year + 1);
    }

    /**
     * StartingRecord/EndingRecord (1-based, inclusive) -> {offset, limit}. Values above
     * api.paging.max-record are capped; EndingRecord before StartingRecord is a 400.
     */
    long[] page(Exchange ex) {
        Long start = record(ex, "StartingRecord");
        Long end = record(ex, "EndingRecord");
        long s = start == null ? 1 : start;
        if (end == null) {
            return new long[] {s - 1, Long.MAX_VALUE};
        }
        if (end < s) {
            throw ApiException.badRequest("EndingRecord (" + end + ") is before StartingRecord (" + s
                    + "). Both are 1-based positions and inclusive: e.g. StartingRecord=1&EndingRecord=500.");
        }
        return new long[] {s - 1, end - s + 1};
    }

    private Long record(Exchange ex, String name) {
        String v = ex.getMessage().getHeader(name, "", String.class).trim();
        if (v.isEmpty()) {
            return null;
        }
        if (!v.matches("\\d{1,30}")) {
            throw ApiException.badRequest(name + " must be a whole number of 1 or more, not '" + clip(v) + "'.");
        }
        long n = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
        if (n < 1) {
            throw ApiException.badRequest(name + " must be 1 or more (records are counted from 1).");
        }
        return Math.min(n, maxRecord);
    }

    private static LocalDateTime since(Exchange ex) {
        // path parameters {Year}/{Month}/{Day}/{Hour}/{Minute}: Camel headers ignore case, so not MM/mm
        String y = text(ex, "Year", YEAR);
        String mo = text(ex, "Month", TWO_DIGITS);
        String d = text(ex, "Day", TWO_DIGITS);
        String h = text(ex, "Hour", TWO_DIGITS);
        String mi = text(ex, "Minute", TWO_DIGITS);
        try {
            return LocalDateTime.of(Integer.parseInt(y), Integer.parseInt(mo), Integer.parseInt(d),
                    Integer.parseInt(h), Integer.parseInt(mi));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("The date and time " + y + "/" + mo + "/" + d + " " + h + ":" + mi
                    + " do not exist. Use /yyyy/MM/dd/HH/mm.");
        }
    }

    private static int id(Exchange ex, String name) {
        return Integer.parseInt(text(ex, name, ID));
    }

    private static int optionalId(Exchange ex, String name) {
        return ex.getMessage().getHeader(name) == null ? 0 : id(ex, name);
    }

    private static String text(Exchange ex, String name, Pattern valid) {
        String v = ex.getMessage().getHeader(name, "", String.class);
        if (!valid.matcher(v).matches()) {
            throw ApiException.badRequest(name + " is not valid here: expected " + describe(valid) + ".");
        }
        return v;
    }

    private static String describe(Pattern p) {
        if (p == ID) {
            return "a number of at most 9 digits";
        }
        if (p == YEAR) {
            return "a 4-digit year";
        }
        if (p == TWO_DIGITS) {
            return "1 or 2 digits";
        }
        return "letters, digits or _ (at most 20)";
    }

    private static String clip(String v) {
        String s = v.length() > 20 ? v.substring(0, 20) + "..." : v;
        return s.replaceAll("[^A-Za-z0-9 _.-]", "?");
    }
}
