package org.spedbridge.sped;

import static org.spedbridge.sped.Field.date;
import static org.spedbridge.sped.Field.known;
import static org.spedbridge.sped.Field.minutes;
import static org.spedbridge.sped.Field.recordType;
import static org.spedbridge.sped.Field.ssid;
import static org.spedbridge.sped.Field.text;
import static org.spedbridge.sped.Field.transaction;

import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.spedbridge.store.BulkInsert;

/**
 * THE one place that says what each SIRAS file holds (specs/sped-files.md), as RosterFile does for the SIS
 * extracts: for every field, in the order rows are checked, how a cell is checked (type, length, characters,
 * code set), whether the SIS stores it and in which column or only reads it ({@code withReadOnly}: a matching
 * hint and a report column, whose problems are warnings), and the row rules between fields. docs/siras-files.md
 * shows this table (SirasFilesDocTest fails when it does not). The header aliases
 * (sped/header-aliases.csv, siras.import.header-aliases-file) map a file's column names to these fields.
 * Validation ({@link RowValidator}), the staging insert, the MERGE into sped_record, the sped_service insert
 * and the report's columns are derived from here.
 *
 * <p>A new SIRAS field: one line below (and, when {@code withStored}, one migration adding its column).
 */
public final class SirasLayout {

    /** A step of the row check: a field, or a rule between fields checked at that point. */
    public sealed interface Step permits Field, Rule {
    }

    /** A rule between fields: the row error it finds, or null. */
    public record Rule(Function<RowValues, String> check) implements Step {
    }

    /**
     * A value the import computes from a row's fields ({@code from}); staged (students), and stored when
     * {@code stored}.
     */
    public record Derived(String column, int sqlType, boolean stored, List<String> from,
            Function<RowValues, Object> value) {
    }

    /**
     * A column the layout fills: its name and type, the staging column it is merged from ({@code from},
     * sped_record only), whether a blank keeps the old value, and how its value comes from a row.
     */
    public record Column(String name, int sqlType, String from, boolean keepOld, Function<RowValues, Object> value) {
        BulkInsert.Column bulk() {
            return new BulkInsert.Column(name, sqlType);
        }
    }

    /** A table written from a file's rows: the writer's own columns first, then the layout's. */
    public record Table(String name, List<BulkInsert.Column> own, List<Column> fields) {
        public List<BulkInsert.Column> columns() {
            List<BulkInsert.Column> all = new ArrayList<>(own);
            fields.forEach(c -> all.add(c.bulk()));
            return all;
        }

        /** One row of the table: the writer's own values (in the order of {@link #own}), then the fields'. */
        public Object[] row(RowValues values, Object... ownValues) {
            Object[] row = new Object[own.size() + fields.size()];
            System.arraycopy(ownValues, 0, row, 0, own.size());
            for (int i = 0; i < fields.size(); i++) {
                row[own.size() + i] = fields.get(i).value().apply(values);
            }
            return row;
        }
    }

    public static final String SSID = "ssid";
    public static final String LOCAL_ID = "local_student_id";

    /** Either key may be blank, not both (specs/sped-files.md rule 5). */
    private static final Rule A_KEY = new Rule(r -> r.raw(SSID).isEmpty() && r.raw(LOCAL_ID).isEmpty()
            ? "both SSID and Local Student ID are missing" : null);

    /** tableA.csv: CALPADS SPED (or CASEMIS) students; matched students go to sped_record. */
    public static final SirasLayout STUDENTS = new SirasLayout(SpedFile.STUDENTS, "sped_stage_student",
            "so no row can be matched", List.of(
                    recordType("record_type", "SPED"),
                    transaction("transaction_type", "A", ""),
                    ssid(SSID).withStaged("ssid").withStored("state_student_id").withKeepOld(),
                    text(LOCAL_ID, 16).withStaged("local_id"),
                    A_KEY,
                    // matching hints and report columns: the SIS is the master of demographics
                    text("first_name", 30).withCharacters(Field.Characters.NAME).withStaged().withReadOnly(),
                    text("last_name", 50).withCharacters(Field.Characters.NAME).withStaged().withReadOnly(),
                    date("birthdate").withStaged().withStagedAsText().withReadOnly(),
                    text("gender", 1).withCodes(SpedCodes.GENDER).withReadOnly(),
                    text("grade", 3).withStaged().withReadOnly(),
                    text("school_of_attendance", 7).withStored(),
                    text("reporting_lea", 7).withStored(),
                    text("reporting_selpa", 4).withStored(),
                    text("district_of_accountability", 7).withStored(),
                    text("academic_year_id", 9).withStored(),
                    text("local_record_id", 255).withStored(),
                    text("local_sped_student_id", 20).withStored(),
                    date("referral_date").withStored(),
                    text("referring_party_code", 5).withStored(),
                    date("parental_consent_date").withStored(),
                    text("meeting_type_code", 5).withStored(),
                    date("meeting_date").withStored(),
                    text("evaluation_id", 20).withStored(),
                    text("evaluation_delay_code", 5).withStored(),
                    text("plan_type_code", 5).withCodes(SpedCodes.PLAN_TYPE).withStored(),
                    date("plan_amendment_date").withStored(),
                    text("residence_status_code", 5).withStored(),
                    date("initial_service_start_date"), // stored as eligibility_start_date, below
                    text("disability_code", 5).withCodes(SpedCodes.DISABILITY).withStored(),
                    text("disability_code2", 5).withCodes(SpedCodes.DISABILITY).withStored(),
                    text("program_setting_code", 5).withStored(),
                    date("exit_date").withStored("eligibility_end_date"),
                    text("exit_reason_code", 5).withStored(),
                    text("special_transportation", 1).withStored(),
                    known("school_of_attendance_nps")),
            List.of(
                    new Derived("local_id_num", Types.INTEGER, false, List.of(LOCAL_ID),
                            r -> localIdNumber(r.text(LOCAL_ID))),
                    new Derived("eligibility_start_date", Types.DATE, true,
                            List.of("initial_service_start_date", "plan_type_code", "meeting_date"),
                            SirasLayout::eligibilityStart)));

    /** tableB.csv: CALPADS SSRV-like services; each row of an imported student goes to sped_service. */
    public static final SirasLayout SERVICES = new SirasLayout(SpedFile.SERVICES, null,
            "so no service can be given to a student", List.of(
                    recordType("record_type", "SSRV"),
                    transaction("transaction_type", "A", "R"),
                    ssid(SSID).withStored("state_student_id"),
                    text(LOCAL_ID, 16),
                    A_KEY,
                    text("evaluation_id", 20).withStored(),
                    text("service_code", 5).withRequired("the service code is missing")
                            .withCodes(SpedCodes.SERVICE).withStored(),
                    text("provider_code", 5).withStored(),
                    text("location_code", 5).withStored(),
                    text("frequency_code", 5).withStored(),
                    minutes("duration_minutes").withStored(),
                    new Rule(SirasLayout::durationWithFrequency),
                    text("nonpublic_agency_id", 20).withStored(),
                    new Rule(r -> SpedCodes.NONPUBLIC_AGENCY_PROVIDER.equals(r.text("provider_code"))
                            && r.text("nonpublic_agency_id") == null
                            ? "the Nonpublic Agency Identifier is required when the provider code is 400" : null),
                    date("start_date").withStored(),
                    date("end_date").withStored(),
                    known("local_record_id"), known("reporting_lea"), known("school_of_attendance"),
                    known("academic_year_id"), known("first_name"), known("last_name"), known("birthdate"),
                    known("gender"), known("reporting_selpa")),
            List.of());

    private final SpedFile file;
    private final String stagingTable;
    private final String withoutKeys;
    private final List<Step> steps;
    private final List<Field> fields;
    private final Map<String, Field> byName = new HashMap<>();
    private final List<Derived> derived;

    private SirasLayout(SpedFile file, String stagingTable, String withoutKeys, List<Step> declared,
            List<Derived> derived) {
        this.file = file;
        this.stagingTable = stagingTable;
        this.withoutKeys = withoutKeys;
        this.derived = derived;
        List<Step> steps = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (Step s : declared) {
            if (s instanceof Field f) {
                Field placed = f.at(fields.size(), stagingTable != null);
                if (byName.putIfAbsent(placed.name(), placed) != null) {
                    throw new IllegalStateException(file.key() + " declares the field " + placed.name() + " twice");
                }
                fields.add(placed);
                steps.add(placed);
            } else {
                steps.add(s);
            }
        }
        this.steps = List.copyOf(steps);
        this.fields = List.copyOf(fields);
        for (Field f : fields) {
            if (f.readOnly() && (f.stored() != null || f.name().equals(SSID) || f.name().equals(LOCAL_ID))) {
                throw new IllegalStateException(file.key() + ": " + f.name() + " is stored or a match key, so it"
                        + " cannot be read-only (a problem in it must refuse the row)");
            }
        }
        for (Derived d : derived) {
            for (String source : d.from()) {
                if (field(source).readOnly()) {
                    throw new IllegalStateException(file.key() + ": " + d.column() + " is made from " + source
                            + ", which is read-only");
                }
            }
        }
    }

    /** The derived values (students: the numeric local ID, the eligibility start date). */
    public List<Derived> derived() {
        return derived;
    }

    public SpedFile file() {
        return file;
    }

    /** The staging table (students: sped_stage_student), or null when the file is not staged. */
    public String stagingTableName() {
        return stagingTable;
    }

    /** The fields and rules in the order a row is checked. */
    public List<Step> steps() {
        return steps;
    }

    public List<Field> fields() {
        return fields;
    }

    /** The field of that name (as the header aliases name it). */
    public Field field(String name) {
        Field f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("The " + file.key() + " file has no field " + name);
        }
        return f;
    }

    Field fieldOrNull(String name) {
        return byName.get(name);
    }

    /** Why the whole file is refused when it has neither key column (specs/sped-files.md rule 1). */
    public String withoutKeyColumns(String fileName) {
        return "The " + file.key() + " file " + fileName + " has neither an SSID nor a Local Student ID column, "
                + withoutKeys + ". Nothing was imported. Check the header line (or add the column's name to the"
                + " header aliases), then run the import again.";
    }

    /** The staging table (sped_stage_student) with the writer's own columns first. */
    public Table stagingTable(List<BulkInsert.Column> own) {
        List<Column> columns = new ArrayList<>();
        for (Field f : fields) {
            if (f.staged() != null) {
                columns.add(new Column(f.staged(), f.sqlType(true), null, false, f.stagedAsText()
                        ? r -> asText(r.value(f)) : r -> r.value(f)));
            }
        }
        for (Derived d : derived) {
            columns.add(new Column(d.column(), d.sqlType(), null, false, d.value()));
        }
        return new Table(stagingTable, own, List.copyOf(columns));
    }

    /**
     * The columns the SIS keeps (sped_record for students, each merged from its staging column; sped_service
     * for services, written as read).
     */
    public List<Column> storedColumns() {
        List<Column> columns = new ArrayList<>();
        for (Field f : fields) {
            if (f.stored() != null) {
                columns.add(new Column(f.stored(), f.sqlType(false), f.staged(), f.keepOld(), r -> r.value(f)));
            }
        }
        for (Derived d : derived) {
            if (d.stored()) {
                columns.add(new Column(d.column(), d.sqlType(), d.column(), false, d.value()));
            }
        }
        return List.copyOf(columns);
    }

    private static String asText(Object value) {
        return value == null ? null : value.toString();
    }

    /** The local ID as a student_id when it is one (up to 9 digits): the second match key. */
    public static Integer localIdNumber(String local) {
        if (local == null || local.length() > 9 || !RowValidator.digits(local, 0, local.length())) {
            return null;
        }
        return Integer.valueOf(local);
    }

    /** The initial service start date, or for a service plan (IEP, IFSP, ISP) the meeting date. */
    private static Object eligibilityStart(RowValues r) {
        LocalDate initial = r.date("initial_service_start_date");
        if (initial != null) {
            return initial;
        }
        String plan = r.text("plan_type_code");
        return plan != null && SpedCodes.SERVICE_PLAN_TYPES.contains(plan) ? r.date("meeting_date") : null;
    }

    private static String durationWithFrequency(RowValues r) {
        Integer duration = r.minutes("duration_minutes");
        if (r.text("frequency_code") != null && (r.raw("duration_minutes").isEmpty()
                || (duration != null && duration < 10))) {
            return "duration_minutes must be at least 10 when a frequency is given"
                    + (duration == null ? " (it is missing)" : " (it is " + duration + ")");
        }
        return null;
    }
}
