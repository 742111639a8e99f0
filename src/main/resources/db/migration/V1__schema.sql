-- sped-bridge schema. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.
-- Column names are the Aeries v5 property names in snake_case (StudentID -> student_id).

-- ---------------------------------------------------------------- roster (the SIS side)
CREATE TABLE school (
    school_code             INTEGER      NOT NULL PRIMARY KEY,
    name                    VARCHAR(100) NOT NULL DEFAULT '',
    inactive_status_code    VARCHAR(5)   NOT NULL DEFAULT '',
    address                 VARCHAR(100),
    address_city            VARCHAR(50),
    address_state           VARCHAR(2),
    address_zip_code        VARCHAR(10),
    phone_number            VARCHAR(20),
    state_county_id         VARCHAR(2),
    state_district_id       VARCHAR(5),
    state_school_id         VARCHAR(7),
    low_grade_level         INTEGER,
    high_grade_level        INTEGER,
    principal_name          VARCHAR(100),
    principal_email_address VARCHAR(100),
    updated_at              TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One row per student per school (a student can have records at several schools;
-- inactive ones carry a non-blank inactive_status_code).
CREATE TABLE student (
    student_id                    INTEGER      NOT NULL,
    school_code                   INTEGER      NOT NULL,
    student_number                INTEGER,
    state_student_id              VARCHAR(10),
    last_name                     VARCHAR(50),
    first_name                    VARCHAR(30),
    middle_name                   VARCHAR(30),
    last_name_alias               VARCHAR(50),
    first_name_alias              VARCHAR(30),
    middle_name_alias             VARCHAR(30),
    gender                        VARCHAR(1),
    grade                         INTEGER,
    birthdate                     DATE,
    parent_guardian_name          VARCHAR(100),
    home_phone                    VARCHAR(20),
    mailing_address               VARCHAR(100),
    mailing_address_city          VARCHAR(50),
    mailing_address_state         VARCHAR(2),
    mailing_address_zip_code      VARCHAR(10),
    residence_address             VARCHAR(100),
    residence_address_city        VARCHAR(50),
    residence_address_state       VARCHAR(2),
    residence_address_zip_code    VARCHAR(10),
    ethnicity_code                VARCHAR(1),
    race_code1                    VARCHAR(3),
    race_code2                    VARCHAR(3),
    race_code3                    VARCHAR(3),
    race_code4                    VARCHAR(3),
    race_code5                    VARCHAR(3),
    school_enter_date             DATE,
    school_leave_date             DATE,
    district_enter_date           DATE,
    track                         VARCHAR(1),
    inactive_status_code          VARCHAR(1)   NOT NULL DEFAULT '',
    language_fluency_code         VARCHAR(1),
    home_language_code            VARCHAR(2),
    correspondence_language_code  VARCHAR(2),
    parent_ed_level_code          VARCHAR(2),
    student_email_address         VARCHAR(100),
    next_school_code              INTEGER,
    next_grade                    INTEGER,
    -- extended record (subset of Aeries' "students/extended")
    date_redesignated_fluent_english_proficient DATE,
    english_learner_start_date    DATE,
    english_learner_end_date      DATE,
    inter_intra_district_transfer_code VARCHAR(5),
    inter_intra_district_state_code    VARCHAR(5),
    reporting_school_code         INTEGER,
    residence_school              INTEGER,
    next_residence_school         INTEGER,
    end_of_year_next_school       INTEGER,
    updated_at                    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (student_id, school_code)
);
CREATE INDEX student_ssid ON student (state_student_id);
CREATE INDEX student_school_grade ON student (school_code, grade);
CREATE INDEX student_updated ON student (updated_at);

CREATE TABLE contact (
    student_id                    INTEGER      NOT NULL,
    sequence_number               INTEGER      NOT NULL,
    school_code                   INTEGER,
    contact_order                 INTEGER,
    mailing_name                  VARCHAR(100),
    first_name                    VARCHAR(30),
    middle_name                   VARCHAR(30),
    last_name                     VARCHAR(50),
    address                       VARCHAR(100),
    address_city                  VARCHAR(50),
    address_state                 VARCHAR(2),
    address_zip_code              VARCHAR(10),
    relationship_to_student_code  VARCHAR(2),
    lives_with_student_indicator  VARCHAR(1),
    educational_rights_holder     VARCHAR(1)   NOT NULL DEFAULT '',
    primary_contact               VARCHAR(1),
    misc_code                     VARCHAR(5),
    home_phone                    VARCHAR(20),
    work_phone                    VARCHAR(20),
    cell_phone                    VARCHAR(20),
    email_address                 VARCHAR(100),
    correspondence_language_code  VARCHAR(2),
    updated_at                    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (student_id, sequence_number)
);
CREATE INDEX contact_updated ON contact (updated_at);

CREATE TABLE enrollment (
    student_id                    INTEGER      NOT NULL,
    academic_year                 VARCHAR(4)   NOT NULL,
    school_code                   INTEGER      NOT NULL,
    enter_date                    DATE         NOT NULL,
    student_number                INTEGER,
    leave_date                    DATE,
    exit_reason_code              VARCHAR(5),
    grade                         INTEGER,
    track                         VARCHAR(1),
    attendance_program_code       VARCHAR(5),
    inter_intra_district_transfer_code VARCHAR(5),
    updated_at                    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (student_id, academic_year, school_code, enter_date)
);
CREATE INDEX enrollment_updated ON enrollment (updated_at);

-- Programs other than special education (144 / 144x are derived from sped_record).
CREATE TABLE program (
    student_id                    INTEGER      NOT NULL,
    program_code                  VARCHAR(5)   NOT NULL,
    program_description           VARCHAR(100),
    eligibility_start_date        DATE,
    eligibility_end_date          DATE,
    participation_start_date      DATE,
    participation_end_date        DATE,
    updated_at                    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (student_id, program_code)
);
CREATE INDEX program_updated ON program (updated_at);

CREATE TABLE code (
    table_name                    VARCHAR(10)  NOT NULL,
    field_name                    VARCHAR(20)  NOT NULL,
    code                          VARCHAR(10)  NOT NULL,
    description                   VARCHAR(200) NOT NULL DEFAULT '',
    status                        VARCHAR(1)   NOT NULL DEFAULT '',
    PRIMARY KEY (table_name, field_name, code)
);

-- ---------------------------------------------------------------- special education (from SIRAS)
-- A student's special-education record: the program 144 row the API shows, kept in step by the
-- nightly SIRAS import (and seeded by roster programs.csv rows with ProgramCode 144).
-- eligibility_start_date NULL with a referral date = "144x" (being evaluated).
CREATE TABLE sped_record (
    student_id                    INTEGER      NOT NULL PRIMARY KEY,
    state_student_id              VARCHAR(10),
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
    program_description           VARCHAR(100),
    participation_start_date      DATE,
    participation_end_date        DATE,
    last_import_run_id            BIGINT,
    updated_at                    TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX sped_record_updated ON sped_record (updated_at);

-- Services: the full current list per imported student (replaced on every applied import).
CREATE TABLE sped_service (
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
    last_import_run_id            BIGINT,
    PRIMARY KEY (student_id, line_number)
);

-- ---------------------------------------------------------------- import bookkeeping
CREATE TABLE import_run (
    id                            BIGINT       NOT NULL PRIMARY KEY,
    trigger_name                  VARCHAR(20)  NOT NULL,
    status                        VARCHAR(12)  NOT NULL,
    started_at                    TIMESTAMP    NOT NULL,
    finished_at                   TIMESTAMP,
    students_file                 VARCHAR(255),
    students_size                 BIGINT,
    students_modified             TIMESTAMP,
    students_sha256               VARCHAR(64),
    services_file                 VARCHAR(255),
    services_size                 BIGINT,
    services_modified             TIMESTAMP,
    services_sha256               VARCHAR(64),
    rows_read                     INTEGER      NOT NULL DEFAULT 0,
    matched                       INTEGER      NOT NULL DEFAULT 0,
    unmatched                     INTEGER      NOT NULL DEFAULT 0,
    duplicates                    INTEGER      NOT NULL DEFAULT 0,
    errors                        INTEGER      NOT NULL DEFAULT 0,
    ignored                       INTEGER      NOT NULL DEFAULT 0,
    warnings                      INTEGER      NOT NULL DEFAULT 0,
    service_rows_read             INTEGER      NOT NULL DEFAULT 0,
    services_imported             INTEGER      NOT NULL DEFAULT 0,
    services_unmatched            INTEGER      NOT NULL DEFAULT 0,
    not_in_file                   INTEGER      NOT NULL DEFAULT 0,
    message                       VARCHAR(2000)
);
CREATE INDEX import_run_status ON import_run (status, started_at);

CREATE TABLE import_issue (
    run_id                        BIGINT       NOT NULL,
    seq                           INTEGER      NOT NULL,
    file_name                     VARCHAR(255) NOT NULL,
    line_number                   INTEGER,
    ssid                          VARCHAR(20),
    kind                          VARCHAR(10)  NOT NULL,
    reason                        VARCHAR(1000) NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- ---------------------------------------------------------------- API keys and audit
CREATE TABLE api_key (
    id                            BIGINT       NOT NULL PRIMARY KEY,
    name                          VARCHAR(100) NOT NULL,
    key_hash                      VARCHAR(128) NOT NULL UNIQUE,
    areas                         VARCHAR(200) NOT NULL DEFAULT '',
    created_at                    TIMESTAMP    NOT NULL,
    expires_at                    DATE,
    revoked_at                    TIMESTAMP,
    last_used_at                  TIMESTAMP
);

CREATE TABLE api_audit (
    id                            BIGINT       NOT NULL PRIMARY KEY,
    at_time                       TIMESTAMP    NOT NULL,
    key_id                        BIGINT,
    method                        VARCHAR(10)  NOT NULL,
    path                          VARCHAR(500) NOT NULL,
    status                        INTEGER      NOT NULL,
    records                       INTEGER,
    remote_address                VARCHAR(64)
);
CREATE INDEX api_audit_time ON api_audit (at_time);

CREATE SEQUENCE import_run_seq;
CREATE SEQUENCE api_key_seq;
CREATE SEQUENCE api_audit_seq;
