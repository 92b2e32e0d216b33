import type pg from 'pg';
import type { PartitionOffset } from '../../transport/transport.ts';

/** The sink's stored positions for these topics (meta.sink_positions); partitions never written are absent. */
export async function readPositions(client: pg.ClientBase, sink: string, topics: readonly string[]): Promise<PartitionOffset[]> {
  const { rows } = await client.query<{ topic: string; partition: number; next_offset: string }>(
    'SELECT topic, partition, next_offset::text FROM meta.sink_positions WHERE sink = $1 AND topic = ANY($2::text[])',
    [sink, topics],
  );
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: BigInt(r.next_offset) }));
}

/** Stores positions, inside the caller's transaction (the one that applied the records before them). */
export async function writePositions(client: pg.ClientBase, sink: string, positions: readonly PartitionOffset[]): Promise<void> {
  if (positions.length === 0) return;
  await client.query(
    `INSERT INTO meta.sink_positions (sink, topic, partition, next_offset)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[])
     ON CONFLICT (sink, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
    [sink, positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.offset.toString())],
  );
}
