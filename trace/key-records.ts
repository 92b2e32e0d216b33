import { partitionForKey } from '../transport/key-partitioner.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';

/** Records per page: large, since on Kafka each page is a fetch session of its own. */
const PAGE = 20_000;

export interface KeyRecords {
  readonly partition: number;
  /** How many records of the partition were read to find them. */
  readonly scanned: number;
  readonly records: readonly StoredRecord[];
}

/**
 * Every committed record of `key` on a keyed topic, in offset order. A key's
 * records all sit on the partition it hashes to (Kafka's murmur2, which every
 * producer of the project uses), so only that partition is read, page by page,
 * up to its end as of the call — never the rest of the topic.
 */
export async function keyRecords(transport: Transport, topic: string, key: Buffer): Promise<KeyRecords> {
  const [found] = await keysRecords(transport, topic, [key]);
  return found!;
}

/** keyRecords of several keys at once: each partition their keys hash to is read once for all of them. Answers in the keys' order. */
export async function keysRecords(transport: Transport, topic: string, keys: readonly Buffer[]): Promise<KeyRecords[]> {
  const bounds = await transport.partitionBounds([topic]);
  const partitionOf = keys.map((key) => partitionForKey(key, bounds.length));
  const wanted = new Map(keys.map((key) => [key.toString('hex'), [] as StoredRecord[]]));
  const scanned = new Map<number, number>();
  for (const partition of new Set(partitionOf)) {
    const { start, end } = bounds[partition]!;
    let read = 0;
    for (let offset = start; offset < end; ) {
      const page = await transport.readPage({ topic, partition, offset }, PAGE);
      if (page.length === 0) break;
      read += page.length;
      for (const record of page) if (record.key !== null) wanted.get(record.key.toString('hex'))?.push(record);
      offset = page[page.length - 1]!.offset + 1n;
    }
    scanned.set(partition, read);
  }
  return keys.map((key, i) => ({ partition: partitionOf[i]!, scanned: scanned.get(partitionOf[i]!)!, records: wanted.get(key.toString('hex'))! }));
}
