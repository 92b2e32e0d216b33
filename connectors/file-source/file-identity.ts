import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/**
 * A file's identity is its device and inode: it survives renames and moves
 * within the filesystem, so a moved file continues where it was. An inode can be
 * reused once its file is gone, so a checkpoint also keeps a fingerprint of the
 * file's first bytes, checked before resuming.
 */
export function fileIdentity(stats: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stats.dev}:${stats.ino}`;
}

/** How many leading bytes the fingerprint covers (fewer while the file is smaller). */
export const HEAD_BYTES = 4096;

export interface Fingerprint {
  readonly length: number;
  readonly sha256: string;
}

/** SHA-256 of the file's first `length` bytes; undefined when the file is shorter. */
export async function fingerprint(handle: FileHandle, length: number): Promise<Fingerprint | undefined> {
  const bytes = Buffer.alloc(length);
  const { bytesRead } = await handle.read(bytes, 0, length, 0);
  if (bytesRead < length) return undefined;
  return { length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** SHA-256 of the whole file as it is now, read in blocks. */
export async function contentFingerprint(handle: FileHandle): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const block = Buffer.alloc(1 << 20);
  let length = 0;
  for (;;) {
    const { bytesRead } = await handle.read(block, 0, block.length, length);
    if (bytesRead === 0) break;
    hash.update(block.subarray(0, bytesRead));
    length += bytesRead;
  }
  return { length, sha256: hash.digest('hex') };
}
