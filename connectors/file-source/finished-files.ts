import type { FileHandle } from 'node:fs/promises';
import type { FileCheckpoint } from './checkpoint-store.ts';
import { contentFingerprint, type Fingerprint } from './file-identity.ts';

/** The finished files' contents, to recognise a re-drop of identical content. */
export class FinishedFiles {
  /** By size: a new file is hashed only when a finished one has its size. */
  private readonly bySize = new Map<number, { readonly uri: string; readonly content: Fingerprint }[]>();

  remember(checkpoint: FileCheckpoint): void {
    if (checkpoint.state !== 'finished' || checkpoint.content === null) return;
    const list = this.bySize.get(checkpoint.content.length) ?? [];
    list.push({ uri: checkpoint.uri, content: checkpoint.content });
    this.bySize.set(checkpoint.content.length, list);
  }

  /** The uri of a finished file with exactly this file's content, or null. */
  async identicalTo(handle: FileHandle, size: number): Promise<string | null> {
    const candidates = this.bySize.get(size);
    if (candidates === undefined || size === 0) return null;
    const content = await contentFingerprint(handle);
    return candidates.find((c) => c.content.sha256 === content.sha256)?.uri ?? null;
  }
}
