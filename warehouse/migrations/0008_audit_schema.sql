-- The Spark audit's findings (`medallion audit`, audit/spark/): one row per run and one per
-- table compared. Role warehouse_audit (the cluster's, like the others: the local stack creates
-- it, stack/services/postgres-warehouse.ts) writes here and nowhere else, and reads silver for its
-- row counts; gold it reads as warehouse_bi. IF NOT EXISTS: an audit schema an older run or a DBA
-- left is reused, not duplicated.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warehouse_audit') THEN
    RAISE EXCEPTION 'the warehouse role warehouse_audit does not exist; migration 0008 grants it schema audit'
      USING HINT = 'create it first (`medallion stack up` does for the local stack): CREATE ROLE warehouse_audit LOGIN PASSWORD ...';
  END IF;
END;
$$;

CREATE SCHEMA IF NOT EXISTS audit;
COMMENT ON SCHEMA audit IS 'The Spark audit: gold recomputed from the bronze topics and compared with the warehouse, run by run.';

CREATE TABLE IF NOT EXISTS audit.runs (
  run_id      text        NOT NULL,
  started_at  timestamp   NOT NULL,
  finished_at timestamp   NOT NULL,
  master      text        NOT NULL,
  read_note   text        NOT NULL,
  verdict     text        NOT NULL CONSTRAINT runs_verdict_known CHECK (verdict IN ('agree', 'differ')),
  report      jsonb       NOT NULL,
  CONSTRAINT runs_pkey PRIMARY KEY (run_id)
);
COMMENT ON TABLE audit.runs IS 'One row per audit run.';
COMMENT ON COLUMN audit.runs.run_id IS 'The run''s id (a UUID).';
COMMENT ON COLUMN audit.runs.started_at IS 'When the Spark job began (UTC).';
COMMENT ON COLUMN audit.runs.finished_at IS 'When it had compared every table (UTC).';
COMMENT ON COLUMN audit.runs.master IS 'The Spark master it ran on, e.g. local[2], yarn.';
COMMENT ON COLUMN audit.runs.read_note IS 'How far it read the bronze topics and why (the settled pipeline''s end offsets).';
COMMENT ON COLUMN audit.runs.verdict IS 'agree: every table equal; differ: at least one is not.';
COMMENT ON COLUMN audit.runs.report IS 'The whole report as `medallion audit --json` prints it.';

CREATE TABLE IF NOT EXISTS audit.table_results (
  run_id     text    NOT NULL CONSTRAINT table_results_run_fkey REFERENCES audit.runs (run_id) ON DELETE CASCADE,
  table_name text    NOT NULL,
  position   integer NOT NULL,
  expected   bigint  NOT NULL,
  found      bigint  NOT NULL,
  missing    bigint  NOT NULL,
  unexpected bigint  NOT NULL,
  differing  bigint  NOT NULL,
  examples   jsonb   NOT NULL,
  CONSTRAINT table_results_pkey PRIMARY KEY (run_id, table_name)
);
COMMENT ON TABLE audit.table_results IS 'Per run and table: rows the audit expected, found in the warehouse, missing, unexpected and differing, with example keys and values.';
COMMENT ON COLUMN audit.table_results.table_name IS 'gold.<table> (compared row by row) or silver.<table> (row counts).';
COMMENT ON COLUMN audit.table_results.position IS 'The table''s place in the report.';
COMMENT ON COLUMN audit.table_results.expected IS 'Rows the audit computed from bronze.';
COMMENT ON COLUMN audit.table_results.found IS 'Rows the warehouse holds.';
COMMENT ON COLUMN audit.table_results.missing IS 'Expected keys the warehouse lacks.';
COMMENT ON COLUMN audit.table_results.unexpected IS 'Keys the warehouse holds that the audit did not expect.';
COMMENT ON COLUMN audit.table_results.differing IS 'Keys in both whose values differ in any column.';
COMMENT ON COLUMN audit.table_results.examples IS '{missing, unexpected, differing}: the first keys of each, with the expected and found values.';

REVOKE ALL ON SCHEMA audit FROM PUBLIC;
GRANT USAGE ON SCHEMA audit TO warehouse_audit;
GRANT SELECT, INSERT ON audit.runs, audit.table_results TO warehouse_audit;
GRANT USAGE ON SCHEMA silver TO warehouse_audit;
GRANT SELECT ON ALL TABLES IN SCHEMA silver TO warehouse_audit;
ALTER DEFAULT PRIVILEGES IN SCHEMA silver GRANT SELECT ON TABLES TO warehouse_audit;
