import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** A path's stats, or undefined when nothing is there (any other failure throws). */
export async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A file opened for reading, or why not: it is gone, or permissions deny it. */
export async function openForReading(path: string): Promise<FileHandle | 'missing' | 'denied'> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'EACCES' || code === 'EPERM') return 'denied';
    throw error;
  }
}
