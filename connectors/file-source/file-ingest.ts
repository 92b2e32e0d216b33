import type { FileHandle } from 'node:fs/promises';
import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';
import type { BronzeRecords, DeadLetter } from '../../schemas/generated/bronze-types.ts';
import type { Client } from '@confluentinc/schemaregistry';
import { bronzeKey, bronzeSerde, deadLetterSerde, type RecordSerde } from '../../schemas/record-serde.ts';
import type { OutgoingRecord, TransactionalProducer } from '../../transport/transport.ts';
import { checkpointRecord, type FileCheckpoint } from './checkpoint-store.ts';
import { csvBatches, type RowBatch } from './csv-batches.ts';
import type { UnreadableReason } from './csv-reader.ts';
import { deadLetterReason, type DeadLetterRule } from './dead-letter-rules.ts';
import { fingerprint, HEAD_BYTES, type Fingerprint } from './file-identity.ts';
import type { FileSourceEvent } from './file-source-events.ts';
import type { FileSourceTopics } from './file-source-topics.ts';
import { layoutOf, type RowLayout } from './header-mapping.ts';
import { rowToRecord } from './row-to-record.ts';
import { entityColumns, type TrackedFile } from './tracked-file.ts';

/** How records become bytes on their topics: the registry's Avro wire format (schemas/record-serde.ts). */
export interface FileSourceSerde {
  readonly bronze: Pick<RecordSerde<BronzeRecords>, 'serialize'>;
  readonly deadLetters: Pick<RecordSerde<Record<BronzeEntity, DeadLetter>>, 'serialize'>;
}

/** The serde of bronze records and dead letters against one registry (a server, or embedded mode's in-memory one). */
export function fileSourceSerde(registry: Client): FileSourceSerde {
  return { bronze: bronzeSerde(registry), deadLetters: deadLetterSerde(registry) };
}

export interface IngestContext {
  readonly source: string;
  readonly topics: FileSourceTopics;
  readonly producer: TransactionalProducer;
  readonly serde: FileSourceSerde;
  /** The source_sequence the next good row gets; shared by all files, advanced only by commits. */
  readonly sequence: { next: number };
  readonly batchRows: number;
  readonly blockBytes: number;
  readonly emit: (event: FileSourceEvent) => void;
}

export type IngestResult = { readonly kind: 'read' } | { readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly offset: number };

/** What the batch being prepared may assume: the state after the batches before it commit. */
interface Plan {
  layout: RowLayout | null;
  sequence: number;
  head: Fingerprint | null;
}

interface PreparedBatch {
  readonly out: OutgoingRecord[];
  readonly checkpoint: FileCheckpoint;
  readonly layout: RowLayout | null;
  readonly sequence: number;
  readonly rowsRead: number;
  readonly rejected: readonly Rejected[];
}

interface Rejected {
  readonly line: number;
  readonly rule: DeadLetterRule;
  readonly field: string | null;
  readonly value: string | null;
}

/**
 * Produces the file's complete rows from its position up to `size`, a
 * transaction per batch of rows that also carries the file's checkpoint. With
 * `final`, the file is finished: a last line without a line break counts, and
 * an unclosed quote dead-letters the rest of the file. The next batch is typed
 * and encoded while the one before it commits; the file's state moves only
 * with each commit, and nothing is left in flight when this returns or throws.
 */
export async function ingestRows(ctx: IngestContext, file: TrackedFile, handle: FileHandle, size: number, final: boolean): Promise<IngestResult> {
  const plan: Plan = { layout: file.layout, sequence: ctx.sequence.next, head: file.head };
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for await (const batch of csvBatches(handle, file.position, file.line, size, final, ctx)) {
      if (batch.kind === 'unreadable') {
        await inFlight;
        return batch;
      }
      const prepared = await prepareBatch(ctx, file, handle, batch, plan);
      await inFlight;
      inFlight = commitBatch(ctx, file, prepared);
      // Awaited before the next commit or on the way out; until then its failure is not "unhandled".
      inFlight.catch(() => {});
    }
    await inFlight;
  } finally {
    await inFlight.catch(() => {});
  }
  return { kind: 'read' };
}

async function prepareBatch(ctx: IngestContext, file: TrackedFile, handle: FileHandle, batch: RowBatch, plan: Plan): Promise<PreparedBatch> {
  const { entity } = file;
  const bronzeTopic = ctx.topics.bronze(entity);
  const dlqTopic = ctx.topics.deadLetters(entity);
  const ingestedAt = new Date();
  const out: OutgoingRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const rejected: Rejected[] = [];
  const reject = (line: number, rule: DeadLetterRule, field: string | null, value: string | null, raw: Buffer): void => {
    rejected.push({ line, rule, field, value });
    deadLetters.push({
      entity,
      stage: 'source',
      reason: deadLetterReason(rule, field),
      field,
      value,
      source_uri: file.uri,
      source_position: `line ${line}`,
      raw,
      failed_at: ingestedAt,
    });
  };
  let { layout, sequence } = plan;
  let rowsRead = 0;

  for (const row of batch.rows) {
    if (layout === null) {
      layout = layoutOf(row.cells, entityColumns(entity));
      if (layout.header !== null) continue;
    }
    rowsRead++;
    const lineage = { source_kind: 'file', source_uri: file.uri, source_position: `line ${row.line}`, source_sequence: sequence, ingested_at: ingestedAt } as const;
    const outcome = rowToRecord(layout, row.cells, lineage);
    if (outcome.kind === 'record') {
      out.push({ topic: bronzeTopic, key: bronzeKey(entity, outcome.record), value: await ctx.serde.bronze.serialize(entity, outcome.record) });
      sequence++;
    } else {
      reject(row.line, outcome.rule, outcome.field, outcome.value, row.raw);
    }
  }
  if (batch.unclosed !== undefined) {
    rowsRead++;
    reject(batch.unclosed.line, 'unclosed-quote', null, null, batch.unclosed.raw);
  }
  for (const letter of deadLetters) out.push({ topic: dlqTopic, key: null, value: await ctx.serde.deadLetters.serialize(entity, letter) });

  const headLength = Math.min(batch.position, HEAD_BYTES);
  const head = plan.head !== null && plan.head.length >= headLength ? plan.head : ((await fingerprint(handle, headLength)) ?? null);
  const checkpoint = file.checkpoint(ctx.source, sequence, { position: batch.position, line: batch.line, layout, head });
  out.push(checkpointRecord(ctx.topics.checkpoints, checkpoint));
  Object.assign(plan, { layout, sequence, head });
  return { out, checkpoint, layout, sequence, rowsRead, rejected };
}

async function commitBatch(ctx: IngestContext, file: TrackedFile, prepared: PreparedBatch): Promise<void> {
  await ctx.producer.transaction((tx) => tx.send(prepared.out));
  const { checkpoint, rowsRead, rejected } = prepared;
  file.advance(checkpoint, prepared.layout);
  ctx.sequence.next = prepared.sequence;
  const { entity } = file;
  ctx.emit({ kind: 'batch-committed', path: file.path, uri: file.uri, entity, rowsRead, produced: rowsRead - rejected.length, deadLettered: rejected.length, position: checkpoint.position, size: file.size });
  for (const r of rejected) ctx.emit({ kind: 'row-dead-lettered', path: file.path, entity, ...r });
}
