import type { TransportKind } from '../../transport/transport.ts';
import type { UnreadableReason } from '../contract/csv-reader.ts';
import type { RejectedRow } from '../contract/row-encoder.ts';
import type { PollEvent } from '../contract/source-metrics.ts';
import type { BlobEntity } from './blob-entity.ts';

/**
 * What the blob source reports, as it happens. Only the CLI prints them; the
 * metrics and status are folds over them. `url` is a blob's URL (its rows'
 * source_uri), `name` its name in the container.
 */
export type BlobSourceEvent =
  | { readonly kind: 'started'; readonly transport: TransportKind; readonly container: string; readonly url: string; readonly checkpoints: number }
  | { readonly kind: 'blob-seen'; readonly name: string; readonly url: string; readonly entity: BlobEntity; readonly etag: string; readonly size: number; readonly resumedAt: number }
  | {
      readonly kind: 'batch-committed';
      readonly name: string;
      readonly url: string;
      readonly entity: BlobEntity;
      readonly etag: string;
      readonly rowsRead: number;
      readonly produced: number;
      readonly deadLettered: number;
      /** Byte position after the batch, and the version's size. */
      readonly position: number;
      readonly size: number;
    }
  | ({ readonly kind: 'row-dead-lettered'; readonly name: string; readonly entity: BlobEntity } & RejectedRow)
  /** The blob's columns that no contract field matches: kept in bronze's `extras`, otherwise ignored; once per blob. */
  | { readonly kind: 'columns-ignored'; readonly name: string; readonly url: string; readonly entity: BlobEntity; readonly columns: readonly string[] }
  /** Rows of a blob whose header does not name the key (its one `unmatched-header` dead letter says so), not read. */
  | { readonly kind: 'rows-skipped'; readonly name: string; readonly url: string; readonly entity: BlobEntity; readonly rows: number }
  | { readonly kind: 'blob-ingested'; readonly name: string; readonly url: string; readonly entity: BlobEntity; readonly etag: string }
  /** The blob was uploaded again with the same bytes (a new etag): nothing produced. */
  | { readonly kind: 'blob-unchanged'; readonly name: string; readonly etag: string; readonly previousEtag: string }
  | { readonly kind: 'blob-ignored'; readonly name: string; readonly etag: string; readonly detail: string }
  | { readonly kind: 'blob-unreadable'; readonly name: string; readonly etag: string; readonly reason: UnreadableReason; readonly offset: number }
  | Exclude<PollEvent, { readonly kind: 'batch-committed' }>;

export type BlobSourceEventKind = BlobSourceEvent['kind'];
