import { createHash } from 'node:crypto';
import { RestError, type ContainerClient } from '@azure/storage-blob';
import type { OutgoingRecord, TransactionalProducer } from '../../transport/transport.ts';
import { readCsv, type CsvRow, type UnreadableReason } from '../contract/csv-reader.ts';
import type { DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import { deadLetterRecord } from '../contract/dead-letters.ts';
import { RowEncoder } from '../contract/row-encoder.ts';
import type { SourceSerde } from '../contract/source-serde.ts';
import type { SourceTopics } from '../contract/source-topics.ts';
import { restoreLayout, storeLayout } from '../contract/stored-layout.ts';
import { blobCheckpointRecord, type BlobCheckpoint } from './blob-checkpoint.ts';
import type { BlobEntity } from './blob-entity.ts';
import type { BlobSourceEvent } from './blob-source-events.ts';

export interface BlobIngestContext {
  readonly source: string;
  readonly client: ContainerClient;
  readonly topics: SourceTopics<BlobEntity>;
  readonly producer: TransactionalProducer;
  readonly serde: SourceSerde;
  /** The source_sequence the next good row gets; shared by all blobs, advanced only by commits. */
  readonly sequence: { next: number };
  readonly batchRows: number;
  /** The latest committed checkpoint of every blob, by name: kept up to date by every commit. */
  readonly checkpoints: Map<string, BlobCheckpoint>;
  readonly emit: (event: BlobSourceEvent) => void;
}

/** One blob version as the listing showed it. */
export interface ListedBlob {
  readonly name: string;
  readonly etag: string;
  readonly entity: BlobEntity;
}

const UNREADABLE_RULE: Readonly<Record<UnreadableReason, DeadLetterRule>> = { binary: 'binary-content', encoding: 'not-utf8' };
/** An unreadable blob's dead letter carries its bytes from the first bad one, up to this many: a blob can be far larger than a Kafka record. */
const RAW_EXCERPT_BYTES = 64 * 1024;

/**
 * Produces one blob version's rows, a transaction per batch of rows that also
 * carries the blob's checkpoint; resumes a version that a checkpoint says is
 * part-read. The version is downloaded on the condition that its etag is still
 * the listed one, so the rows and the etag in the checkpoint always agree; a
 * blob changed since the listing is left for the next poll. The same bytes as
 * the version before under a new etag (an uploader's retry) produce nothing.
 */
export async function ingestBlob(ctx: BlobIngestContext, blob: ListedBlob, signal: AbortSignal): Promise<void> {
  const previous = ctx.checkpoints.get(blob.name);
  const client = ctx.client.getBlobClient(blob.name);
  const bytes = await client.downloadToBuffer(0, undefined, { conditions: { ifMatch: blob.etag }, abortSignal: signal }).catch((error: unknown) => {
    if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 404)) return undefined;
    throw error;
  });
  if (bytes === undefined) return;
  const content = createHash('sha256').update(bytes).digest('hex');
  const resume = previous?.etag === blob.etag && previous.state === 'reading' ? previous : undefined;
  const base: BlobCheckpoint = resume ?? {
    version: 1,
    source: ctx.source,
    blob: blob.name,
    etag: blob.etag,
    url: client.url,
    entity: blob.entity,
    position: 0,
    line: 1,
    layout: null,
    nextSequence: ctx.sequence.next,
    state: 'reading',
    content,
  };
  ctx.emit({ kind: 'blob-seen', name: blob.name, url: base.url, entity: blob.entity, etag: blob.etag, size: bytes.length, resumedAt: base.position });

  if (resume === undefined && previous !== undefined && previous.state !== 'reading' && previous.content === content) {
    const checkpoint: BlobCheckpoint = { ...previous, etag: blob.etag, state: 'duplicate', nextSequence: ctx.sequence.next };
    await commit(ctx, checkpoint);
    ctx.emit({ kind: 'blob-unchanged', name: blob.name, etag: blob.etag, previousEtag: previous.etag });
    return;
  }

  const chunk = readCsv(bytes.subarray(base.position), base.position, base.line, true);
  if (chunk.kind === 'unreadable') {
    // The blob cannot be moved aside as a file is quarantined: its dead letter, with the checkpoint, is where it shows.
    const letter = await deadLetterRecord(ctx.serde, ctx.topics, blob.entity, {
      rule: UNREADABLE_RULE[chunk.reason],
      field: null,
      value: null,
      uri: base.url,
      position: `byte ${chunk.offset}`,
      raw: bytes.subarray(chunk.offset, chunk.offset + RAW_EXCERPT_BYTES),
    }, new Date());
    const checkpoint: BlobCheckpoint = { ...base, state: 'unreadable', nextSequence: ctx.sequence.next };
    await commit(ctx, checkpoint, [letter]);
    ctx.emit({ kind: 'blob-unreadable', name: blob.name, etag: blob.etag, reason: chunk.reason, offset: chunk.offset });
    return;
  }

  let checkpoint = base;
  const { rows } = chunk;
  for (let from = 0; from === 0 || from < rows.length; from += ctx.batchRows) {
    const batch = rows.slice(from, from + ctx.batchRows);
    const last = from + ctx.batchRows >= rows.length;
    checkpoint = await produceBatch(ctx, checkpoint, batch, last ? chunk : undefined, bytes.length);
  }
  ctx.emit({ kind: 'blob-ingested', name: blob.name, url: checkpoint.url, entity: blob.entity, etag: blob.etag });
}

/** One transaction: the batch's records and dead letters, and the checkpoint after them (`done` after the last batch). */
async function produceBatch(
  ctx: BlobIngestContext,
  at: BlobCheckpoint,
  rows: readonly CsvRow[],
  end: { readonly end: number; readonly line: number; readonly unclosed: { readonly line: number; readonly raw: Buffer } | undefined } | undefined,
  size: number,
): Promise<BlobCheckpoint> {
  const origin = { kind: 'blob', uri: at.url, position: (line: number) => `line ${line}` } as const;
  const encoder = new RowEncoder(ctx.serde, ctx.topics, at.entity, origin, restoreLayout(at.layout, at.entity), ctx.sequence.next);
  for (const row of rows) await encoder.add(row);
  if (end?.unclosed !== undefined) await encoder.reject(end.unclosed.line, { rule: 'unclosed-quote', field: null, value: null }, end.unclosed.raw);
  const lastRow = rows[rows.length - 1];
  const checkpoint: BlobCheckpoint = {
    ...at,
    position: end?.end ?? lastRow?.end ?? at.position,
    line: end?.line ?? lastRow?.endLine ?? at.line,
    layout: storeLayout(encoder.layout),
    nextSequence: encoder.sequence,
    state: end === undefined ? 'reading' : 'done',
  };
  await commit(ctx, checkpoint, encoder.out);
  ctx.sequence.next = encoder.sequence;
  ctx.emit({
    kind: 'batch-committed',
    name: at.blob,
    url: at.url,
    entity: at.entity,
    etag: at.etag,
    rowsRead: encoder.rowsRead,
    produced: encoder.rowsRead - encoder.rejected.length,
    deadLettered: encoder.rejected.length,
    position: checkpoint.position,
    size,
  });
  if (encoder.ignoredColumns.length > 0) ctx.emit({ kind: 'columns-ignored', name: at.blob, url: at.url, entity: at.entity, columns: encoder.ignoredColumns });
  for (const r of encoder.rejected) ctx.emit({ kind: 'row-dead-lettered', name: at.blob, entity: at.entity, ...r });
  if (encoder.rowsSkipped > 0) ctx.emit({ kind: 'rows-skipped', name: at.blob, url: at.url, entity: at.entity, rows: encoder.rowsSkipped });
  return checkpoint;
}

async function commit(ctx: BlobIngestContext, checkpoint: BlobCheckpoint, records: readonly OutgoingRecord[] = []): Promise<void> {
  await ctx.producer.transaction((tx) => tx.send([...records, blobCheckpointRecord(ctx.topics.checkpoints, checkpoint)]));
  ctx.checkpoints.set(checkpoint.blob, checkpoint);
}
