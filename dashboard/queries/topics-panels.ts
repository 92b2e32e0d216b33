import type { Cell } from '../api-types.ts';
import type { DecodedPart, RecordQuery } from '../topic-browser.ts';
import { answered, column, type PagePanels, type PanelContext } from './panel.ts';

const MISSING_BROWSER = 'This dashboard was started without the topics, so it cannot list or read them: the Topics page shows when it runs inside the pipeline (medallion demo) or beside Kafka and the registry (medallion dashboard).';
/** Records per page: the default, and the most one request reads. */
export const RECORD_LIMIT = { min: 1, max: 200, fallback: 20 } as const;

/** The record query the page's URL asks for; a value that is not one is refused, naming it. */
function recordQuery(params: URLSearchParams, topic: string): RecordQuery | string {
  const whole = (name: string): bigint | undefined | string => {
    const text = params.get(name)?.trim();
    if (text === undefined || text === '') return undefined;
    return /^\d{1,19}$/.test(text) ? BigInt(text) : `${name} ${JSON.stringify(text)} is not a whole number of 0 or more`;
  };
  const [partition, offset, before, limit] = [whole('partition'), whole('offset'), whole('before'), whole('limit')];
  const refused = [partition, offset, before, limit].find((v) => typeof v === 'string');
  if (refused !== undefined) return refused;
  if (typeof limit === 'bigint' && (limit < RECORD_LIMIT.min || limit > RECORD_LIMIT.max)) return `limit ${limit} is not from ${RECORD_LIMIT.min} to ${RECORD_LIMIT.max}`;
  const key = params.get('key') ?? '';
  return {
    topic,
    limit: limit === undefined ? RECORD_LIMIT.fallback : Number(limit),
    ...(typeof partition === 'bigint' ? { partition: Number(partition) } : {}),
    ...(typeof offset === 'bigint' ? { offset } : {}),
    ...(typeof before === 'bigint' ? { before } : {}),
    ...(key === '' ? {} : { key }),
  };
}

function shown(part: DecodedPart | null): string | null {
  if (part === null) return null;
  if (part.kind === 'avro') return JSON.stringify(part.fields);
  return part.kind === 'text' ? part.text : `undecodable: ${part.reason} (bytes ${part.hex})`;
}

const RECORD_COLUMNS = [
  column('partition', 'Partition', 'int'),
  column('offset', 'Offset', 'text'),
  column('timestamp', 'Written at', 'datetime'),
  column('key', 'Key', 'text'),
  column('subject', 'Subject', 'text'),
  column('schema_id', 'Schema id', 'int'),
  column('version', 'Version', 'int'),
  column('headers', 'Headers', 'text'),
  column('lineage', 'Lineage', 'text'),
  column('value', 'Value', 'text'),
  column('reason', 'Dead letter: reason', 'text'),
  column('raw', 'Dead letter: raw payload', 'text'),
];

export const topicsPanels: PagePanels<'topics'> = {
  /** Every topic of the pipeline with its layer, partitions' offsets, cleanup policy and the lag of the groups that read it. */
  async topics({ topics }: PanelContext) {
    const columns = [
      column('layer', 'Layer', 'text'),
      column('topic', 'Topic', 'text'),
      column('partitions', 'Partitions', 'int'),
      column('ends', 'End offsets', 'text'),
      column('offsets', 'Offsets held', 'int'),
      column('cleanup', 'Cleanup policy', 'text'),
      column('groups', 'Consumer groups (lag)', 'text'),
    ];
    if (topics === undefined) return { columns, rows: [], unavailable: MISSING_BROWSER };
    return answered(columns, async () => {
      const listing = await topics.topics();
      return {
        columns,
        rows: listing.topics.map((t): Record<string, Cell> => ({
          layer: t.layer,
          topic: t.topic,
          partitions: t.partitions.length,
          ends: t.partitions.map((p) => `${p.partition}: ${p.end}`).join(', '),
          offsets: t.offsets,
          cleanup: t.cleanupPolicy ?? 'not created by the pipeline',
          groups: t.groups.map((g) => `${g.group} (${g.lag})`).join(', '),
        })),
        note: `Topics: ${listing.mode}. Offsets from the partitions' bounds, read without reading the topics.`,
      };
    });
  },

  /** A page of one topic's records, decoded: the newest, a partition from an offset, or a key's. */
  async records({ topics, params }: PanelContext) {
    if (topics === undefined) return { columns: RECORD_COLUMNS, rows: [], unavailable: MISSING_BROWSER };
    const topic = params.get('topic')?.trim() ?? '';
    if (topic === '') return { columns: RECORD_COLUMNS, rows: [], unavailable: 'Pick a topic in the list above to see its records.' };
    const query = recordQuery(params, topic);
    if (typeof query === 'string') return { columns: RECORD_COLUMNS, rows: [], unavailable: `${query}. Fix: correct it in the form, or leave it empty.` };
    return answered(RECORD_COLUMNS, async () => {
      const page = await topics.records(query);
      return {
        columns: RECORD_COLUMNS,
        rows: page.records.map((r) => ({
          partition: r.partition,
          offset: r.offset,
          timestamp: r.timestamp,
          key: shown(r.key),
          subject: r.value?.kind === 'avro' ? r.value.subject : null,
          schema_id: r.value?.kind === 'avro' ? r.value.schemaId : null,
          version: r.value?.kind === 'avro' ? r.value.version : null,
          headers: Object.keys(r.headers).length === 0 ? null : JSON.stringify(r.headers),
          lineage: r.lineage,
          value: r.value === null ? 'tombstone (no value)' : shown(r.value),
          reason: r.deadLetter?.reason ?? null,
          raw: r.deadLetter?.raw ?? null,
        })),
        note: `${page.topic}: ${page.read}.${page.next === undefined ? '' : ` Older offsets: before=${page.next.before}.`}`,
      };
    });
  },
};
