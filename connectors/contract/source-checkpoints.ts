import type { OutgoingRecord, Transport } from '../../transport/transport.ts';

/**
 * Every source keeps how far it has produced in a compacted topic, one JSON
 * value per thing it reads (a file, a blob, a table, an API) under the key
 * `<source>/<id>`, written in the same transaction as the records it covers:
 * after a crash, the records and the checkpoint agree.
 */
export function checkpointRecord(topic: string, source: string, id: string, checkpoint: object): OutgoingRecord {
  return { topic, key: Buffer.from(`${source}/${id}`), value: Buffer.from(JSON.stringify(checkpoint)) };
}

/** How a source tells its own checkpoints from anything else under its keys. */
export interface CheckpointDecoding<C> {
  isCheckpoint(value: unknown): value is C;
  /** The error to stop with when a value under the source's keys is no checkpoint of it; `at` names where it is. */
  refuse(at: string): Error;
}

/** The latest committed checkpoint of every id of `source`, as the topic holds them (a tombstone forgets one). */
export async function restoreCheckpoints<C>(transport: Transport, topic: string, source: string, decoding: CheckpointDecoding<C>): Promise<Map<string, C>> {
  const latest = new Map<string, C>();
  const prefix = `${source}/`;
  await transport.readAll(topic, (batch) => {
    for (const record of batch) {
      const key = record.key?.toString() ?? '';
      if (!key.startsWith(prefix)) continue;
      const id = key.slice(prefix.length);
      if (record.value === null) {
        latest.delete(id);
        continue;
      }
      const value = parseJson(record.value);
      if (!decoding.isCheckpoint(value)) throw decoding.refuse(`${record.topic} partition ${record.partition} offset ${record.offset} (key ${key})`);
      latest.set(id, value);
    }
  });
  return latest;
}

/**
 * The sequence a source's next record gets: one past the highest its checkpoints reached (1 with none).
 * A loop, not Math.max(...spread): a source may hold more checkpoints than a call's arguments can.
 */
export function nextSequenceAfter(checkpoints: Iterable<{ readonly nextSequence: number }>): number {
  let next = 1;
  for (const checkpoint of checkpoints) if (checkpoint.nextSequence > next) next = checkpoint.nextSequence;
  return next;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString()) as unknown;
  } catch {
    return undefined;
  }
}
