-- The nightly import updates every special-education record it reads (MERGE in SirasImporter). An update
-- that changes no indexed column can stay on its page without new index entries (PostgreSQL's HOT update);
-- these two indexes made every one of those updates write three index entries instead of none, and no
-- query reads through them: "changed since" looks a record up by student_id (the primary key) and the
-- NotInFile list reads every record. 100,000 records: MERGE 1.9-2.3 s -> 0.7-0.9 s on PostgreSQL (with V11).
DROP INDEX sped_record_updated;
DROP INDEX sped_record_import_run;
