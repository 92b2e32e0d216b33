import type { Stats } from 'node:fs';
import type { FileCheckpoint } from './checkpoint-store.ts';
import { contentFingerprint, fingerprint, type Fingerprint } from './file-identity.ts';
import { openForReading } from './file-probes.ts';
import { TrackedFile } from './tracked-file.ts';

/**
 * The file at `path` continued from the checkpoint its identity found, unless
 * the inode now holds another file: then its first bytes (or, for a finished
 * file, its whole content) differ, or it is shorter than the position, and
 * undefined says to start it afresh.
 */
export async function resumeFile(checkpoint: FileCheckpoint, path: string, stats: Stats): Promise<TrackedFile | undefined> {
  if (stats.size < checkpoint.position) return undefined;
  const handle = await openForReading(path);
  if (typeof handle === 'string') return undefined;
  try {
    if (checkpoint.state !== 'reading') {
      return sameFingerprint(await contentFingerprint(handle), checkpoint.content) ? TrackedFile.fromCheckpoint(checkpoint, path) : undefined;
    }
    if (checkpoint.head !== null && !sameFingerprint(await fingerprint(handle, checkpoint.head.length), checkpoint.head)) return undefined;
    return TrackedFile.fromCheckpoint(checkpoint, path);
  } finally {
    await handle.close();
  }
}

function sameFingerprint(a: Fingerprint | undefined, b: Fingerprint | null): boolean {
  return a !== undefined && b !== null && a.length === b.length && a.sha256 === b.sha256;
}
