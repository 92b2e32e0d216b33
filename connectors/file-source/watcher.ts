import { watch, type FSWatcher } from 'chokidar';
import { readdir } from 'node:fs/promises';
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
  const watcher: FSWatcher = watch(folder, {
    ignoreInitial: true,
    depth: 0,
    ignored: (path) => path !== folder && isHiddenFile(path),
  });
  watcher.on('add', (path) => onChange('added', path));
  watcher.on('change', (path) => onChange('changed', path));
  watcher.on('unlink', (path) => onChange('removed', path));
  watcher.on('error', (error) => onError(error as Error));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return { close: () => watcher.close() };
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
