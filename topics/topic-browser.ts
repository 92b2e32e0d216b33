import type { Client } from '@confluentinc/schemaregistry';
import { TOPIC_LAYERS, type BrowsedRecord, type DecodedPart, type RecordPage, type RecordQuery, type TopicBrowser, type TopicListing, type TopicSummary } from '../dashboard/topic-browser.ts';
import { ORIGIN_HEADER } from '../processors/silver/silver-origin.ts';
import { partitionForKey } from '../transport/key-partitioner.ts';
import { offsetOutOfRange, unknownPartition } from '../transport/transport-error.ts';
import { partitionKey, type PartitionBounds, type StoredRecord, type Transport } from '../transport/transport.ts';
import { RecordDecoder } from './record-decoder.ts';
import { keyBytes } from './record-key.ts';
import { TopicBrowseError } from './topic-browse-error.ts';
import { topicCatalog, type TopicCatalogOptions } from './topic-catalog.ts';

/** Offsets a key search looks at per request; older ones are the next page's. */
export const KEY_SCAN_OFFSETS = 20_000;
/** Records read per page of a key search. */
const KEY_SCAN_PAGE = 2_000;
/** Topic names listed in the message of one that does not exist. */
const NAMES_SHOWN = 40;

export interface TopicBrowserSources extends Omit<TopicCatalogOptions, 'registry'> {
  /** Shown on the page, e.g. "embedded (in-process log)". */
  readonly mode: string;
  /** The topics and registry to read: opened on the first request, kept. */
  open(): Promise<{ readonly transport: Transport; readonly registry: Client }>;
  /** Asked before every request: why the topics cannot be read now (Kafka does not answer), or undefined. */
  unreachable?(): Promise<string | undefined>;
}

/**
 * The Topics page's browser over a Transport (the embedded log or Kafka) and the
 * registry. Reads only what a page needs: partitions' bounds from their offsets,
 * the newest records from each partition's end, a partition from an offset, a
 * key's records from the one partition it hashes to, newest first and at most
 * KEY_SCAN_OFFSETS offsets per request — never a whole topic.
 */
export function topicBrowser(sources: TopicBrowserSources): TopicBrowser & { close(): Promise<void> } {
  let opened: Promise<{ transport: Transport; registry: Client; decoder: RecordDecoder; catalog: ReturnType<typeof topicCatalog> }> | undefined;
  const open = async (): Promise<Awaited<NonNullable<typeof opened>>> => {
    const down = await sources.unreachable?.();
    if (down !== undefined) {
      const [message = down, fix = ''] = down.split('\n  fix: ');
      throw new TopicBrowseError('unreachable', message, fix);
    }
    opened ??= sources.open().then(
      ({ transport, registry }) => ({ transport, registry, decoder: new RecordDecoder(registry), catalog: topicCatalog({ ...sources, registry }) }),
      (error: unknown) => {
        opened = undefined;
        throw error;
      },
    );
    return opened;
  };

  /** The pipeline's topics that exist (those of its prefix), sorted. */
  const existing = async (): Promise<string[]> => {
    const { transport, catalog } = await open();
    return (await transport.topicNames()).filter((t) => catalog.contractName(t) !== undefined);
  };

  return {
    async topics(): Promise<TopicListing> {
      const { transport, catalog } = await open();
      const names = await existing();
      const bounds = names.length === 0 ? [] : await transport.partitionBounds(names);
      const byTopic = new Map<string, PartitionBounds[]>();
      for (const b of bounds) byTopic.set(b.topic, [...(byTopic.get(b.topic) ?? []), b]);
      const lag = await groupLag(transport, catalog, names, bounds);
      const topics = names.map((topic): TopicSummary => {
        const partitions = byTopic.get(topic) ?? [];
        return {
          topic,
          layer: catalog.layerOf(topic),
          partitions: partitions.map((p) => ({ partition: p.partition, start: p.start.toString(), end: p.end.toString() })),
          offsets: partitions.reduce((sum, p) => sum + Number(p.end - p.start), 0),
          cleanupPolicy: catalog.cleanupPolicyOf(topic),
          groups: catalog.groupsOf(topic).map((group) => ({ group, lag: lag.get(`${group}\0${topic}`) ?? 0 })),
        };
      });
      // Layer by layer, in the order data flows; by name within a layer.
      topics.sort((a, b) => TOPIC_LAYERS.indexOf(a.layer) - TOPIC_LAYERS.indexOf(b.layer) || a.topic.localeCompare(b.topic));
      return { mode: sources.mode, topics };
    },

    async records(query: RecordQuery): Promise<RecordPage> {
      const { transport, registry, decoder, catalog } = await open();
      const names = await existing();
      if (!names.includes(query.topic)) {
        const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '');
        throw new TopicBrowseError('unknown-topic', `topic ${JSON.stringify(query.topic)} does not exist (${sources.mode})`, names.length === 0 ? 'run the pipeline first: it has no topics yet' : `pick one of ${shown}`);
      }
      const bounds = await transport.partitionBounds([query.topic]);
      const contract = catalog.contractName(query.topic) ?? query.topic;
      const show = (records: readonly StoredRecord[]): Promise<BrowsedRecord[]> => Promise.all(records.map((r) => browsed(decoder, contract, r)));
      const partitionOf = (partition: number): PartitionBounds => {
        const found = bounds.find((b) => b.partition === partition);
        if (found === undefined) throw unknownPartition(query.topic, partition, bounds.length);
        return found;
      };

      if (query.key !== undefined) {
        const key = await keyBytes(registry, query.topic, contract, query.key);
        const partition = partitionOf(partitionForKey(key, bounds.length));
        if (query.before !== undefined && (query.before < partition.start || query.before > partition.end)) throw offsetOutOfRange({ ...partition, offset: query.before }, partition);
        const found = await keyScan(transport, partition, key, query.before ?? partition.end, query.limit);
        return {
          topic: query.topic,
          records: await show(found.records),
          read: `key ${JSON.stringify(query.key)} hashes to partition ${partition.partition}: offsets ${found.from} to ${(query.before ?? partition.end) - 1n} looked at, newest first`,
          ...(found.from > partition.start ? { next: { partition: partition.partition, before: found.from.toString() } } : {}),
        };
      }
      if (query.offset !== undefined) {
        if (query.partition === undefined) throw new TopicBrowseError('bad-query', `offset ${query.offset} was given without a partition (${query.topic} has partitions 0 to ${bounds.length - 1})`, 'give the partition too, or leave out the offset for the newest records');
        const partition = partitionOf(query.partition);
        if (query.offset < partition.start || query.offset > partition.end) throw offsetOutOfRange({ ...partition, offset: query.offset }, partition);
        const records = await transport.readPage({ ...partition, offset: query.offset }, query.limit);
        return { topic: query.topic, records: await show(records), read: `partition ${partition.partition} from offset ${query.offset}, oldest first` };
      }
      const partitions = query.partition === undefined ? bounds : [partitionOf(query.partition)];
      const newest = (await Promise.all(partitions.map((p) => readNewest(transport, p, query.limit)))).flat();
      newest.sort((a, b) => b.timestamp - a.timestamp || (a.offset === b.offset ? a.partition - b.partition : a.offset < b.offset ? 1 : -1));
      return {
        topic: query.topic,
        records: await show(newest.slice(0, query.limit)),
        read: `the newest ${query.limit} of ${partitions.length === 1 ? `partition ${partitions[0]!.partition}` : `each of ${partitions.length} partitions`}, newest first`,
      };
    },

    async close() {
      const was = opened;
      opened = undefined;
      await was?.then(({ transport }) => transport.close()).catch(() => {});
    },
  };
}

/** Per group and topic, the offsets the group has not committed (from the partition's start where it never did). */
async function groupLag(transport: Transport, catalog: ReturnType<typeof topicCatalog>, names: readonly string[], bounds: readonly PartitionBounds[]): Promise<Map<string, number>> {
  const inputs = new Map<string, string[]>();
  for (const topic of names) for (const group of catalog.groupsOf(topic)) inputs.set(group, [...(inputs.get(group) ?? []), topic]);
  const lag = new Map<string, number>();
  await Promise.all(
    [...inputs].map(async ([group, topics]) => {
      const committed = new Map((await transport.committedOffsets(group, topics)).map((p) => [partitionKey(p), p.offset]));
      for (const b of bounds.filter((b) => topics.includes(b.topic))) {
        const key = `${group}\0${b.topic}`;
        lag.set(key, (lag.get(key) ?? 0) + Number(b.end - (committed.get(partitionKey(b)) ?? b.start)));
      }
    }),
  );
  return lag;
}

/** Up to `limit` of the partition's last records (commit markers take offsets, so fewer may come). */
function readNewest(transport: Transport, p: PartitionBounds, limit: number): Promise<readonly StoredRecord[]> {
  const from = p.end - BigInt(limit) > p.start ? p.end - BigInt(limit) : p.start;
  return from === p.end ? Promise.resolve([]) : transport.readPage({ ...p, offset: from }, limit);
}

/** The key's records below `before`, newest first, looking at most KEY_SCAN_OFFSETS offsets back; `from` is the lowest offset looked at. */
async function keyScan(transport: Transport, p: PartitionBounds, key: Buffer, before: bigint, limit: number): Promise<{ records: StoredRecord[]; from: bigint }> {
  const found: StoredRecord[] = [];
  let upTo = before;
  const floor = before - BigInt(KEY_SCAN_OFFSETS) > p.start ? before - BigInt(KEY_SCAN_OFFSETS) : p.start;
  while (upTo > floor && found.length < limit) {
    const from = upTo - BigInt(KEY_SCAN_PAGE) > floor ? upTo - BigInt(KEY_SCAN_PAGE) : floor;
    const page: StoredRecord[] = [];
    for (let at = from; at < upTo; ) {
      const batch = await transport.readPage({ ...p, offset: at }, Number(upTo - at));
      const within = batch.filter((r) => r.offset < upTo);
      page.push(...within.filter((r) => r.key !== null && r.key.equals(key)));
      if (within.length === 0 || within.length < batch.length) break;
      at = within[within.length - 1]!.offset + 1n;
    }
    found.push(...page.reverse());
    upTo = from;
  }
  return { records: found.slice(0, limit), from: found.length > limit ? found[limit - 1]!.offset : upTo };
}

/** A record as the page shows it: key and value decoded, lineage and a dead letter's reason and raw input pulled out. */
async function browsed(decoder: RecordDecoder, contractTopic: string, record: StoredRecord): Promise<BrowsedRecord> {
  const avro = /^(silver|gold)\./.test(contractTopic);
  const [key, value] = await Promise.all([
    record.key === null ? null : decoder.decode(record.key, avro ? `${contractTopic}-key` : undefined),
    record.value === null ? null : decoder.decode(record.value, `${contractTopic}-value`),
  ]);
  return {
    partition: record.partition,
    offset: record.offset.toString(),
    timestamp: new Date(record.timestamp).toISOString(),
    key,
    value,
    headers: record.headers,
    lineage: lineageOf(value, record.headers),
    deadLetter: contractTopic.startsWith('dlq.') ? deadLetterOf(value) : null,
  };
}

function fieldsOf(value: DecodedPart | null): Record<string, unknown> | undefined {
  return value?.kind === 'avro' && typeof value.fields === 'object' && value.fields !== null ? (value.fields as Record<string, unknown>) : undefined;
}

function lineageOf(value: DecodedPart | null, headers: Readonly<Record<string, string>>): string | null {
  const lineage = fieldsOf(value)?.lineage as Record<string, unknown> | undefined;
  if (lineage !== undefined) return `${String(lineage.source_kind)} ${String(lineage.source_uri)} ${String(lineage.source_position)} (sequence ${String(lineage.source_sequence)}, ingested ${String(lineage.ingested_at)})`;
  const origin = headers[ORIGIN_HEADER];
  return origin === undefined ? null : `built from ${origin}`;
}

function deadLetterOf(value: DecodedPart | null): BrowsedRecord['deadLetter'] {
  const letter = fieldsOf(value);
  if (letter === undefined) return null;
  return { reason: `${String(letter.stage)}: ${String(letter.reason)}${letter.field === null ? '' : ` (field ${String(letter.field)} = ${JSON.stringify(letter.value)})`} at ${String(letter.source_uri)} ${String(letter.source_position)}`, raw: String(letter.raw) };
}
