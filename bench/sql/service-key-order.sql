-- issue 12: what sped_service's key costs by row order (PostgreSQL; psql -h 127.0.0.1 -U postgres -d test -f bench/sql/service-key-order.sql)
-- results: bench/RESULTS.md, 2026-12-07 issue 12, finding 3
\timing on
SET synchronous_commit = on;
DROP TABLE IF EXISTS pk_src, pk_a, pk_b, pk_c;
-- 1M service rows: 100,000 students x 10 lines; sid_order = the students shuffled (as a file in SSID order brings them)
CREATE UNLOGGED TABLE pk_src AS
  SELECT s.student_id, g.i AS k, (row_number() OVER (ORDER BY s.shuf, g.i))::int AS line_ssid,
         ((s.student_id - 1) * 10 + g.i)::int AS line_student, md5(s.student_id::text) AS filler
  FROM (SELECT student_id, hashint4(student_id) AS shuf FROM generate_series(1, 100000) student_id) s,
       generate_series(1, 10) g(i);
CREATE TABLE pk_a (run bigint, student_id int, line int, filler text, PRIMARY KEY (run, student_id, line));
CREATE TABLE pk_b (run bigint, student_id int, line int, filler text, PRIMARY KEY (run, line));
-- student order, key (run, student, line): what the bench's synthetic file does
BEGIN; INSERT INTO pk_a SELECT 7, student_id, line_student, filler FROM pk_src ORDER BY line_student; COMMIT;
TRUNCATE pk_a;
-- SSID order (students shuffled, each one's rows together), key (run, student, line)
BEGIN; INSERT INTO pk_a SELECT 7, student_id, line_ssid, filler FROM pk_src ORDER BY line_ssid; COMMIT;
SELECT pg_size_pretty(pg_relation_size('pk_a_pkey')) AS index_after_ssid_order;
TRUNCATE pk_a;
BEGIN; INSERT INTO pk_a SELECT 7, student_id, line_student, filler FROM pk_src ORDER BY line_student; COMMIT;
SELECT pg_size_pretty(pg_relation_size('pk_a_pkey')) AS index_after_student_order;
-- SSID order, key (run, line): file order
BEGIN; INSERT INTO pk_b SELECT 7, student_id, line_ssid, filler FROM pk_src ORDER BY line_ssid; COMMIT;
TRUNCATE pk_a;
BEGIN; INSERT INTO pk_a SELECT 7, student_id, line_ssid, filler FROM pk_src ORDER BY line_ssid; COMMIT;
DROP TABLE pk_src, pk_a, pk_b;
