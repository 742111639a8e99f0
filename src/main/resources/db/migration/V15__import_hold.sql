-- The change hold (issue 10): a run over a siras.import.hold.* threshold is recorded HELD (status) and waits for a
-- person. It stops waiting when it is released (the run that applied its files) or superseded (a newer pair was
-- applied or held); until then it can be released (import-release, JMX releaseHeld, POST /admin/import-release).
ALTER TABLE import_run ADD COLUMN released_by_run BIGINT;
ALTER TABLE import_run ADD COLUMN superseded_by_run BIGINT;
