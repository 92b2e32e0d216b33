import { watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isHiddenFile } from './entity-of-file.ts';

export const WATCH_CHANGES = ['added', 'changed', 'removed'] as const;
export type WatchChange = (typeof WATCH_CHANGES)[number];

export interface LandingWatcher {
  close(): Promise<void>;
}

/**
 * Watches the files directly in `folder` (not sub-folders, not hidden files):
 * new files and files renamed or moved in are `added`, appended ones `changed`,
 * renamed or moved away ones `removed`. It only says what moved; when a file is
 * stable enough to read is the caller's decision. Resolves once watching, so
 * nothing dropped after that is missed.
 */
export async function watchLanding(folder: string, onChange: (change: WatchChange, path: string) => void, onError: (error: Error) => void): Promise<LandingWatcher> {
  // Node's own watcher (inotify, FSEvents, ReadDirectoryChangesW) over chokidar's: chokidar rereads a folder at most once a second, so a new file waited up to a second to be seen.
  const watcher = watch(folder, (event, name) => {
    if (name === null) {
      // Some platforms do not say which entry changed: look at them all, which is harmless (files are known by identity).
      landingFiles(folder).then((paths) => paths.forEach((path) => onChange('changed', path)), onError);
      return;
    }
    if (isHiddenFile(name)) return;
    const path = join(folder, name);
    if (event === 'change') onChange('changed', path);
    // A rename event is a name appearing or disappearing: which one, only the folder can say.
    else stat(path).then(() => onChange('added', path), () => onChange('removed', path));
  });
  watcher.on('error', onError);
  return { close: async () => watcher.close() };
}

/** The files directly in `folder` now, in name order (the order the generator gives time order). */
export async function landingFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !isHiddenFile(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(folder, name));
}
