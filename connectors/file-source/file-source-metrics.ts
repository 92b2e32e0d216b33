import { addCounts, zeroCounts, type RowCounts } from '../contract/source-metrics.ts';
import { FILE_ENTITIES, type FileEntity } from './entity-of-file.ts';
import type { FileSourceEvent } from './file-source-events.ts';

export const FILE_PROGRESS_STATES = ['reading', 'archived', 'duplicate', 'quarantined', 'gone'] as const;
export type FileProgressState = (typeof FILE_PROGRESS_STATES)[number];

export interface FileProgress extends RowCounts {
  readonly uri: string;
  readonly path: string;
  readonly entity: FileEntity | null;
  readonly state: FileProgressState;
  readonly position: number;
  readonly size: number;
}

export interface FileSourceSnapshot {
  readonly totals: RowCounts;
  readonly entities: Readonly<Record<FileEntity, RowCounts>>;
  /** Every file seen since start, by uri, in the order first seen. */
  readonly files: readonly FileProgress[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rows read, produced and dead-lettered per file and per entity since start: a fold over the sidecar's events. */
export class FileSourceMetrics {
  private readonly totals = zeroCounts();
  private readonly entities = Object.fromEntries(FILE_ENTITIES.map((e) => [e, zeroCounts()])) as Record<FileEntity, Mutable<RowCounts>>;
  private readonly files = new Map<string, Mutable<FileProgress>>();
  /** Where each path's file is listed (its uri), for events that know only the path. */
  private readonly uriOfPath = new Map<string, string>();

  readonly record = (event: FileSourceEvent): void => {
    switch (event.kind) {
      case 'file-seen':
        this.uriOfPath.set(event.path, event.uri);
        if (!this.files.has(event.uri)) {
          this.files.set(event.uri, { uri: event.uri, path: event.path, entity: event.entity, state: 'reading', position: event.resumedAt, size: event.size, ...zeroCounts() });
        }
        break;
      case 'file-moved':
        this.uriOfPath.set(event.to, event.uri);
        this.update(event.uri, { path: event.to, state: 'reading' });
        break;
      case 'batch-committed': {
        const counts = { rowsRead: event.rowsRead, produced: event.produced, deadLettered: event.deadLettered };
        for (const target of [this.totals, this.entities[event.entity], this.files.get(event.uri)]) if (target !== undefined) addCounts(target, counts);
        this.update(event.uri, { position: event.position, size: event.size });
        break;
      }
      case 'file-archived':
        this.update(event.uri, { state: 'archived', path: event.to });
        break;
      case 'file-duplicate':
        this.update(this.uriOfPath.get(event.path) ?? event.path, { state: 'duplicate', path: event.to });
        break;
      case 'file-quarantined': {
        const uri = this.uriOfPath.get(event.path) ?? event.path;
        if (!this.files.has(uri)) this.files.set(uri, { uri, path: event.path, entity: null, state: 'quarantined', position: 0, size: 0, ...zeroCounts() });
        this.update(uri, { state: 'quarantined', path: event.to ?? event.path });
        break;
      }
      case 'file-gone':
        this.update(event.uri, { state: 'gone' });
        break;
      default:
        break;
    }
  };

  snapshot(): FileSourceSnapshot {
    return {
      totals: { ...this.totals },
      entities: Object.fromEntries(FILE_ENTITIES.map((e) => [e, { ...this.entities[e] }])) as Record<FileEntity, RowCounts>,
      files: [...this.files.values()].map((f) => ({ ...f })),
    };
  }

  private update(uri: string, change: Partial<FileProgress>): void {
    const file = this.files.get(uri);
    if (file !== undefined) Object.assign(file, change);
  }
}
