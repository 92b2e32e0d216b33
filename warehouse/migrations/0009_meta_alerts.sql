-- Alerts raised by the orchestration (Airflow's failure callback,
-- orchestration/airflow/dags/medallion_lib/alerts.py): one row per failed task,
-- naming the check and its own message. The dashboard's Pipeline page shows the
-- newest, so the BI role reads this table, and nothing else of schema meta.

CREATE TABLE meta.alerts (
  alert_id  bigint      GENERATED ALWAYS AS IDENTITY,
  raised_at timestamptz NOT NULL DEFAULT now(),
  source    text        NOT NULL,
  dag_id    text        NOT NULL,
  task_id   text        NOT NULL,
  run_id    text        NOT NULL,
  message   text        NOT NULL,
  CONSTRAINT alerts_pkey PRIMARY KEY (alert_id)
);
CREATE INDEX alerts_raised_at ON meta.alerts (raised_at DESC);
COMMENT ON TABLE meta.alerts IS 'One row per failed orchestration task: which check failed, in which run, and its message.';
COMMENT ON COLUMN meta.alerts.alert_id IS 'Ascending id.';
COMMENT ON COLUMN meta.alerts.raised_at IS 'When the failure callback wrote it.';
COMMENT ON COLUMN meta.alerts.source IS 'What raised it, e.g. airflow.';
COMMENT ON COLUMN meta.alerts.dag_id IS 'The DAG (medallion_checks, medallion_connectors, …).';
COMMENT ON COLUMN meta.alerts.task_id IS 'The task that failed: the check''s name.';
COMMENT ON COLUMN meta.alerts.run_id IS 'The DAG run.';
COMMENT ON COLUMN meta.alerts.message IS 'The check''s own failure message.';

GRANT SELECT, INSERT ON meta.alerts TO warehouse_writer;
GRANT USAGE ON SCHEMA meta TO warehouse_bi;
GRANT SELECT ON meta.alerts TO warehouse_bi;
