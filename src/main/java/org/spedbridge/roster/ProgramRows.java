package org.spedbridge.roster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.spedbridge.roster.RosterFile.Column;
import org.spedbridge.roster.RosterFile.Type;

/**
 * The programs.csv rows with ProgramCode {@code 144} (special education) or {@code 144x} (referred,
 * being evaluated): they are the student's special-education record, so they are upserted into
 * sped_record (the SIRAS import later updates that same record), not into program.
 * <ul>
 *   <li>the columns shared with program (description, the four dates) and the flattened extended
 *       properties (DisabilityCode, DisabilityCode2, ParentalConsentDate, ResidenceStatusCode) are copied;</li>
 *   <li>state_student_id is the student's StateStudentID from the roster when known (kept otherwise);</li>
 *   <li>a 144x row has no eligibility: eligibility_start_date is set NULL and its referral date is
 *       ReferralDate, else EligibilityStartDate, else ParticipationStartDate (an existing referral
 *       date is kept when the row gives none).</li>
 * </ul>
 */
final class ProgramRows implements AutoCloseable {

    static final String SPED_CODE = "144";
    static final String EVALUATING_CODE = "144x";

    private final MergeWriter writer;
    private final int programCode;
    private final int studentId;
    private final int referral;
    private final int eligibilityStart;
    private final int participationStart;
    private final int[] fields;      // layout field per copied value
    private final int eligibilityValue; // index in values of eligibility_start_date, or -1

    ProgramRows(Connection c, RosterLoader.Layout layout, int batchSize) throws SQLException {
        RosterFile f = RosterFile.PROGRAMS;
        this.programCode = layout.indexOf(f.byHeader("ProgramCode"));
        this.studentId = layout.indexOf(f.byHeader("StudentID"));
        this.referral = layout.indexOf(f.byHeader("ReferralDate"));
        this.eligibilityStart = layout.indexOf(f.byHeader("EligibilityStartDate"));
        this.participationStart = layout.indexOf(f.byHeader("ParticipationStartDate"));

        List<MergeWriter.Value> values = new ArrayList<>();
        List<Integer> copied = new ArrayList<>();
        int eligibility = -1;
        for (int i = 0; i < layout.width; i++) {
            Column col = layout.columns[i];
            if (col == null || col.spedColumn() == null || col.spedColumn().equals("referral_date")) {
                continue;
            }
            if (col.spedColumn().equals("eligibility_start_date")) {
                eligibility = values.size();
            }
            values.add(MergeWriter.Value.of(col.spedColumn(), col.type(), col.key()));
            copied.add(i);
        }
        this.fields = copied.stream().mapToInt(Integer::intValue).toArray();
        this.eligibilityValue = eligibility;
        values.add(new MergeWriter.Value("referral_date", Type.DATE, false, null,
                "COALESCE(s.referral_date, t.referral_date)"));
        values.add(new MergeWriter.Value("state_student_id", Type.TEXT, false,
                "(SELECT MAX(st.state_student_id) FROM student st WHERE st.student_id = CAST(? AS INTEGER))",
                "COALESCE(s.state_student_id, t.state_student_id)"));
        this.writer = new MergeWriter(c, "sped_record", values, true, batchSize);
    }

    /** True for a 144 or 144x row. */
    boolean accepts(Object[] row) {
        String code = (String) row[programCode];
        return SPED_CODE.equals(code) || EVALUATING_CODE.equalsIgnoreCase(code);
    }

    void add(Object[] row) throws SQLException {
        boolean evaluating = EVALUATING_CODE.equalsIgnoreCase((String) row[programCode]);
        Object[] values = new Object[fields.length + 2];
        for (int i = 0; i < fields.length; i++) {
            values[i] = row[fields[i]];
        }
        LocalDate referralDate = (LocalDate) field(row, referral);
        if (evaluating) {
            if (referralDate == null) {
                referralDate = (LocalDate) field(row, eligibilityStart);
            }
            if (referralDate == null) {
                referralDate = (LocalDate) field(row, participationStart);
            }
            if (eligibilityValue >= 0) {
                values[eligibilityValue] = null;
            }
        }
        values[fields.length] = referralDate;
        values[fields.length + 1] = row[studentId];
        writer.add(values);
    }

    private static Object field(Object[] row, int index) {
        return index < 0 ? null : row[index];
    }

    void flush() throws SQLException {
        writer.flush();
    }

    long written() {
        return writer.written();
    }

    @Override
    public void close() throws SQLException {
        writer.close();
    }
}
