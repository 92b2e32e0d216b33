import type { TransportKind } from '../../transport/transport.ts';
import type { DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import type { FileEntity } from './entity-of-file.ts';

export const QUARANTINE_REASONS = ['unknown-entity', 'unreadable', 'binary', 'encoding'] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

/**
 * What the sidecar reports, as it happens. Only the CLI prints them; metrics and
 * the progress display are folds over them. `uri` is a file's path when first
 * seen (its rows' source_uri), `path` where it is now.
 */
export type FileSourceEvent =
  | {
      readonly kind: 'started';
      readonly transport: TransportKind;
      readonly landing: string;
      readonly archive: string;
      readonly quarantine: string;
      /** Files the restored checkpoints know. */
      readonly checkpoints: number;
    }
  | { readonly kind: 'file-seen'; readonly path: string; readonly uri: string; readonly entity: FileEntity; readonly size: number; readonly resumedAt: number }
  | { readonly kind: 'file-moved'; readonly from: string; readonly to: string; readonly uri: string }
  | {
      readonly kind: 'batch-committed';
      readonly path: string;
      readonly uri: string;
      readonly entity: FileEntity;
      readonly rowsRead: number;
      readonly produced: number;
      readonly deadLettered: number;
      /** Byte position after the batch, and the file's size when read. */
      readonly position: number;
      readonly size: number;
    }
  | {
      readonly kind: 'row-dead-lettered';
      readonly path: string;
      readonly entity: FileEntity;
      readonly line: number;
      readonly rule: DeadLetterRule;
      readonly field: string | null;
      readonly value: string | null;
      readonly detail?: string;
    }
  /** The file's columns that no contract field matches: kept in bronze's `extras`, otherwise ignored; once per file. */
  | { readonly kind: 'columns-ignored'; readonly path: string; readonly uri: string; readonly entity: FileEntity; readonly columns: readonly string[] }
  /** Rows of a file whose header does not name the key (its one `unmatched-header` dead letter says so), not read. */
  | { readonly kind: 'rows-skipped'; readonly path: string; readonly uri: string; readonly entity: FileEntity; readonly rows: number }
  | { readonly kind: 'file-archived'; readonly path: string; readonly uri: string; readonly entity: FileEntity; readonly to: string }
  | { readonly kind: 'file-duplicate'; readonly path: string; readonly sameAs: string; readonly to: string }
  | { readonly kind: 'file-quarantined'; readonly path: string; readonly reason: QuarantineReason; readonly detail: string; readonly to: string | null }
  | { readonly kind: 'file-gone'; readonly path: string; readonly uri: string }
  | { readonly kind: 'step-failed'; readonly path: string; readonly error: Error; readonly retryInMs: number }
  | { readonly kind: 'stopped' };

export type FileSourceEventKind = FileSourceEvent['kind'];
