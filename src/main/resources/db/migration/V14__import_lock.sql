-- One SIRAS import at a time across processes and instances on this database (ops/SirasImportLock):
-- the schedule of `run`, `import-now` and `import-files` beside it, other nodes.
-- On H2 a run holds the row below (SELECT ... FOR UPDATE) in a transaction kept open for the run; on PostgreSQL
-- it holds an advisory lock instead (no table needed). Either way the lock goes with the holder's connection.
CREATE TABLE import_lock (
    name                          VARCHAR(40)  NOT NULL PRIMARY KEY
);
INSERT INTO import_lock (name) VALUES ('siras-import');

-- Who holds the lock since when, written by the holder once it has it: the message of a run that waited too long.
CREATE TABLE import_lock_holder (
    name                          VARCHAR(40)  NOT NULL PRIMARY KEY,
    host                          VARCHAR(255) NOT NULL,
    pid                           BIGINT       NOT NULL,
    trigger_name                  VARCHAR(40)  NOT NULL,
    since                         TIMESTAMP    NOT NULL
);
