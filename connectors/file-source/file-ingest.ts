import type { FileHandle } from 'node:fs/promises';
import type { OutgoingRecord, TransactionalProducer } from '../../transport/transport.ts';
import type { UnreadableReason } from '../contract/csv-reader.ts';
import type { RowLayout } from '../contract/header-mapping.ts';
import { RowEncoder, type RejectedRow } from '../contract/row-encoder.ts';
import type { SourceSerde } from '../contract/source-serde.ts';
import { checkpointRecord, type FileCheckpoint } from './checkpoint-store.ts';
import { csvBatches, type RowBatch } from './csv-batches.ts';
import { fingerprint, HEAD_BYTES, type Fingerprint } from './file-identity.ts';
import type { FileSourceEvent } from './file-source-events.ts';
import type { FileSourceTopics } from './file-source-topics.ts';
import type { TrackedFile } from './tracked-file.ts';

/** The sidecar's serde is every source's (contract/source-serde.ts), under the names its callers know. */
export { sourceSerde as fileSourceSerde, type SourceSerde as FileSourceSerde } from '../contract/source-serde.ts';

export interface IngestContext {
  readonly source: string;
  readonly topics: FileSourceTopics;
  readonly producer: TransactionalProducer;
  readonly serde: SourceSerde;
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
  readonly rejected: readonly RejectedRow[];
  /** Columns no contract field matches, when this batch found the file's layout (reported once per file). */
  readonly ignoredColumns: readonly string[];
  readonly rowsSkipped: number;
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
  const origin = { kind: 'file', uri: file.uri, position: (line: number) => `line ${line}` } as const;
  const encoder = new RowEncoder(ctx.serde, ctx.topics, file.entity, origin, plan.layout, plan.sequence);
  for (const row of batch.rows) await encoder.add(row);
  if (batch.unclosed !== undefined) await encoder.reject(batch.unclosed.line, { rule: 'unclosed-quote', field: null, value: null }, batch.unclosed.raw);
  const { layout, sequence, out } = encoder;

  const headLength = Math.min(batch.position, HEAD_BYTES);
  const head = plan.head !== null && plan.head.length >= headLength ? plan.head : ((await fingerprint(handle, headLength)) ?? null);
  const checkpoint = file.checkpoint(ctx.source, sequence, { position: batch.position, line: batch.line, layout, head });
  out.push(checkpointRecord(ctx.topics.checkpoints, checkpoint));
  Object.assign(plan, { layout, sequence, head });
  return { out, checkpoint, layout, sequence, rowsRead: encoder.rowsRead, rejected: encoder.rejected, ignoredColumns: encoder.ignoredColumns, rowsSkipped: encoder.rowsSkipped };
}

async function commitBatch(ctx: IngestContext, file: TrackedFile, prepared: PreparedBatch): Promise<void> {
  await ctx.producer.transaction((tx) => tx.send(prepared.out));
  const { checkpoint, rowsRead, rejected, ignoredColumns, rowsSkipped } = prepared;
  file.advance(checkpoint, prepared.layout);
  ctx.sequence.next = prepared.sequence;
  const { entity } = file;
  if (ignoredColumns.length > 0) ctx.emit({ kind: 'columns-ignored', path: file.path, uri: file.uri, entity, columns: ignoredColumns });
  ctx.emit({ kind: 'batch-committed', path: file.path, uri: file.uri, entity, rowsRead, produced: rowsRead - rejected.length, deadLettered: rejected.length, position: checkpoint.position, size: file.size });
  for (const r of rejected) ctx.emit({ kind: 'row-dead-lettered', path: file.path, entity, ...r });
  if (rowsSkipped > 0) ctx.emit({ kind: 'rows-skipped', path: file.path, uri: file.uri, entity, rows: rowsSkipped });
}
