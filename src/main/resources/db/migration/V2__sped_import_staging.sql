-- Staging tables of the SIRAS import, keyed by the run (import_run.id). Rows live here only while
-- a run is in progress: they are matched and applied set-based, read for the report, then deleted.
-- Only rows that passed validation are staged; errors and ignored rows go to import_issue.

CREATE TABLE sped_stage_student (
    run_id                        BIGINT       NOT NULL,
    line_number                   INTEGER      NOT NULL,
    ssid                          VARCHAR(10),
    local_id                      VARCHAR(16),
    local_id_num                  INTEGER,
    first_name                    VARCHAR(30),
    last_name                     VARCHAR(50),
    birthdate                     VARCHAR(10),
    grade                         VARCHAR(3),
    school_of_attendance          VARCHAR(7),
    reporting_lea                 VARCHAR(7),
    reporting_selpa               VARCHAR(4),
    district_of_accountability    VARCHAR(7),
    academic_year_id              VARCHAR(9),
    local_record_id               VARCHAR(255),
    local_sped_student_id         VARCHAR(20),
    referral_date                 DATE,
    referring_party_code          VARCHAR(5),
    parental_consent_date         DATE,
    meeting_type_code             VARCHAR(5),
    meeting_date                  DATE,
    evaluation_id                 VARCHAR(20),
    evaluation_delay_code         VARCHAR(5),
    plan_type_code                VARCHAR(5),
    plan_amendment_date           DATE,
    residence_status_code         VARCHAR(5),
    eligibility_start_date        DATE,
    eligibility_end_date          DATE,
    disability_code               VARCHAR(5),
    disability_code2              VARCHAR(5),
    program_setting_code          VARCHAR(5),
    exit_reason_code              VARCHAR(5),
    special_transportation        VARCHAR(1),
    PRIMARY KEY (run_id, line_number)
);

-- The match of each staged student row, written by one set-based INSERT ... SELECT:
-- the roster's student_id, and MATCHED | UNMATCHED | DUPLICATE.
CREATE TABLE sped_stage_match (
    run_id                        BIGINT       NOT NULL,
    line_number                   INTEGER      NOT NULL,
    student_id                    INTEGER,
    outcome                       VARCHAR(10)  NOT NULL,
    PRIMARY KEY (run_id, line_number)
);
CREATE INDEX sped_stage_match_student ON sped_stage_match (run_id, student_id);

-- Service rows; student_id is set when the row's student was imported in this run, else reason says why not.
CREATE TABLE sped_stage_service (
    run_id                        BIGINT       NOT NULL,
    line_number                   INTEGER      NOT NULL,
    ssid                          VARCHAR(10),
    local_id                      VARCHAR(16),
    student_id                    INTEGER,
    reason                        VARCHAR(200),
    evaluation_id                 VARCHAR(20),
    service_code                  VARCHAR(5),
    provider_code                 VARCHAR(5),
    location_code                 VARCHAR(5),
    frequency_code                VARCHAR(5),
    duration_minutes              INTEGER,
    nonpublic_agency_id           VARCHAR(20),
    start_date                    DATE,
    end_date                      DATE,
    PRIMARY KEY (run_id, line_number)
);

CREATE INDEX sped_record_import_run ON sped_record (last_import_run_id);
