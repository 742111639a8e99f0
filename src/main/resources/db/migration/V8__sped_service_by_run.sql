-- Services are written once, straight into sped_service, tagged with the run that wrote them
-- (last_import_run_id), in committed batches BEFORE the run's apply transaction. They are invisible
-- until that transaction sets sped_record.services_run_id to the run: a student's CURRENT services
-- are the rows whose last_import_run_id equals the student's services_run_id (view sped_service_current;
-- 0 = services that did not come from an import). Old and new rows of a student exist side by side
-- until the run has committed and removed the superseded ones; a failed run removes its own rows.

CREATE TABLE sped_service_by_run (
    student_id                    INTEGER      NOT NULL,
    line_number                   INTEGER      NOT NULL,
    state_student_id              VARCHAR(10),
    evaluation_id                 VARCHAR(20),
    service_code                  VARCHAR(5),
    provider_code                 VARCHAR(5),
    location_code                 VARCHAR(5),
    frequency_code                VARCHAR(5),
    duration_minutes              INTEGER,
    nonpublic_agency_id           VARCHAR(20),
    start_date                    DATE,
    end_date                      DATE,
    last_import_run_id            BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT sped_service_pk PRIMARY KEY (last_import_run_id, student_id, line_number)
);
INSERT INTO sped_service_by_run (student_id, line_number, state_student_id, evaluation_id, service_code,
        provider_code, location_code, frequency_code, duration_minutes, nonpublic_agency_id, start_date, end_date,
        last_import_run_id)
    SELECT student_id, line_number, state_student_id, evaluation_id, service_code, provider_code, location_code,
        frequency_code, duration_minutes, nonpublic_agency_id, start_date, end_date, COALESCE(last_import_run_id, 0)
    FROM sped_service;
DROP TABLE sped_service;
ALTER TABLE sped_service_by_run RENAME TO sped_service;

-- The run whose sped_service rows are this student's current services.
ALTER TABLE sped_record ADD COLUMN services_run_id BIGINT DEFAULT 0 NOT NULL;
UPDATE sped_record SET services_run_id = COALESCE((SELECT MAX(sv.last_import_run_id) FROM sped_service sv
    WHERE sv.student_id = sped_record.student_id), 0);

-- What every reader of services uses: only the current rows (a run in progress or one that failed is not seen).
CREATE VIEW sped_service_current AS
    SELECT sv.student_id, sv.line_number, sv.state_student_id, sv.evaluation_id, sv.service_code, sv.provider_code,
        sv.location_code, sv.frequency_code, sv.duration_minutes, sv.nonpublic_agency_id, sv.start_date, sv.end_date,
        sv.last_import_run_id
    FROM sped_service sv LEFT JOIN sped_record r ON r.student_id = sv.student_id
    WHERE sv.last_import_run_id = COALESCE(r.services_run_id, 0);

-- Service rows are no longer staged: the run writes them to sped_service (above) and the report while reading.
DROP TABLE sped_stage_service;
