import type { RowLayout } from '../contract/header-mapping.ts';
import { restoreLayout, storeLayout } from '../contract/stored-layout.ts';
import type { FileCheckpoint, FileState } from './checkpoint-store.ts';
import type { FileEntity } from './entity-of-file.ts';
import type { Fingerprint } from './file-identity.ts';

/** Where the sidecar is in one landing file, and what it last saw of it. */
export class TrackedFile {
  path: string;
  position = 0;
  line = 1;
  layout: RowLayout | null = null;
  head: Fingerprint | null = null;
  state: FileState = 'reading';
  content: Fingerprint | null = null;
  /** Size and modification time at the last look, and when (wall clock) they last changed. */
  size = -1;
  mtimeMs = -1;
  changedAt = 0;
  /** The size up to which complete records were read: an unchanged file is not read again. */
  readSize = -1;
  /** The uri of a finished file this one is a byte-identical re-drop of, as checked at size `duplicateCheckedAt`. */
  duplicateOf: string | null = null;
  duplicateCheckedAt = -1;
  timer: NodeJS.Timeout | undefined;
  failures = 0;
  /** Moved to the archive or the quarantine, or deleted: no longer watched. */
  done = false;

  constructor(
    readonly identity: string,
    readonly uri: string,
    readonly entity: FileEntity,
  ) {
    this.path = uri;
  }

  static fromCheckpoint(checkpoint: FileCheckpoint, path: string): TrackedFile {
    const file = new TrackedFile(checkpoint.file, checkpoint.uri, checkpoint.entity);
    file.path = path;
    file.position = checkpoint.position;
    file.line = checkpoint.line;
    file.head = checkpoint.head;
    file.state = checkpoint.state;
    file.content = checkpoint.content;
    file.layout = restoreLayout(checkpoint.layout, checkpoint.entity);
    return file;
  }

  checkpoint(source: string, nextSequence: number, change: Partial<Pick<FileCheckpoint, 'position' | 'line' | 'head' | 'state' | 'content'>> & { layout?: RowLayout | null } = {}): FileCheckpoint {
    const layout = change.layout === undefined ? this.layout : change.layout;
    return {
      version: 1,
      source,
      file: this.identity,
      uri: this.uri,
      entity: this.entity,
      position: change.position ?? this.position,
      line: change.line ?? this.line,
      layout: storeLayout(layout),
      head: change.head === undefined ? this.head : change.head,
      nextSequence,
      state: change.state ?? this.state,
      content: change.content === undefined ? this.content : change.content,
    };
  }

  /** Takes on what a committed checkpoint says. */
  advance(checkpoint: FileCheckpoint, layout: RowLayout | null): void {
    this.position = checkpoint.position;
    this.line = checkpoint.line;
    this.head = checkpoint.head;
    this.state = checkpoint.state;
    this.content = checkpoint.content;
    this.layout = layout;
  }
}
