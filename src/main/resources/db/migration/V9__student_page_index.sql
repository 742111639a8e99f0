-- Student lists page by school in StudentID order (StartingRecord/EndingRecord): read them in index order
-- instead of sorting each school's rows per request (the 500-student page was the API's slowest call).
CREATE INDEX student_school_id ON student (school_code, student_id);
