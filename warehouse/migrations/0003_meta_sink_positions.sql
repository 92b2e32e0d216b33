-- The TypeScript sink keeps its consumed positions here, in the same transaction
-- as the rows they produced: a restart resumes exactly after the last committed
-- batch, so every record is applied once (warehouse/sink/).

CREATE SCHEMA IF NOT EXISTS meta;
COMMENT ON SCHEMA meta IS 'Bookkeeping of the warehouse itself: applied migrations and the TypeScript sink''s positions. Not for BI.';

CREATE TABLE meta.sink_positions (
  sink        text        NOT NULL,
  topic       text        NOT NULL,
  partition   integer     NOT NULL CONSTRAINT sink_positions_partition_not_negative CHECK (partition >= 0),
  next_offset bigint      NOT NULL CONSTRAINT sink_positions_offset_not_negative CHECK (next_offset >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sink_positions_pkey PRIMARY KEY (sink, topic, partition)
);
COMMENT ON TABLE meta.sink_positions IS 'Per sink and topic partition, the offset of the next record to apply; written in the transaction that applied the records before it.';
COMMENT ON COLUMN meta.sink_positions.sink IS 'The sink''s name (its consumer group).';
COMMENT ON COLUMN meta.sink_positions.topic IS 'The topic read.';
COMMENT ON COLUMN meta.sink_positions.partition IS 'The topic''s partition.';
COMMENT ON COLUMN meta.sink_positions.next_offset IS 'The offset of the next record to apply.';
COMMENT ON COLUMN meta.sink_positions.updated_at IS 'When the transaction that moved the position committed.';
