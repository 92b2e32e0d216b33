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
  const bounds = await transport.partitionBounds([topic]);
  const partition = partitionForKey(key, bounds.length);
  const { start, end } = bounds[partition]!;
  const records: StoredRecord[] = [];
  let scanned = 0;
  for (let offset = start; offset < end; ) {
    const page = await transport.readPage({ topic, partition, offset }, PAGE);
    if (page.length === 0) break;
    scanned += page.length;
    for (const record of page) if (record.key !== null && record.key.equals(key)) records.push(record);
    offset = page[page.length - 1]!.offset + 1n;
  }
  return { partition, scanned, records };
}
