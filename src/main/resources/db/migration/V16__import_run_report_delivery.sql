-- Whether each run's report reached the staff (mail/ReportDelivery). A run's report counts as delivered when its
-- .eml file is complete in the outbox (report.mail.outbox-dir; the outbox sender keeps trying SMTP from there) or,
-- when the outbox could not be written, when SMTP took it directly. A finished run without it (a process killed
-- after the commit, a full disk) has its report derived from the recorded run and delivered at the next start of
-- `run` and before every import. report_problem: why the last try reached neither the outbox nor SMTP (the
-- report-mail health check is DOWN while such a run waits).
ALTER TABLE import_run ADD COLUMN report_delivered_at TIMESTAMP;
ALTER TABLE import_run ADD COLUMN report_problem VARCHAR(1000);
-- the runs before this version were reported the old way: they are not reported again
UPDATE import_run SET report_delivered_at = COALESCE(finished_at, started_at) WHERE status <> 'RUNNING';
