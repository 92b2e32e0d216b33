import { partitionKey, type Consumer, type StoredRecord } from '../transport/transport.ts';

const POLL_MAX = 5000;
const POLL_MS = 100;

/**
 * Polls `consumer` up to every partition's end as of the call, handing on each
 * batch. A poll that brings nothing ends the read: the rest of the way to an end
 * is a transaction marker, or records not committed yet.
 */
export async function readToEnds(consumer: Consumer, handle: (records: readonly StoredRecord[]) => Promise<void> | void): Promise<void> {
  const ends = await consumer.lag();
  const behind = (): boolean => {
    const at = new Map(consumer.positions().map((p) => [partitionKey(p), p.offset]));
    return ends.some((p) => (at.get(partitionKey(p)) ?? 0n) < p.end);
  };
  while (behind()) {
    const records = await consumer.poll(POLL_MAX, POLL_MS);
    if (records.length === 0) return;
    await handle(records);
  }
}
