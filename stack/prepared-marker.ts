import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Written last, so a folder holds it only after everything before it succeeded.
const MARKER = '.prepared.json';

/** Whether `dir` holds a complete download of exactly what `key` names (versions, layout). */
export function isPrepared(dir: string, key: Readonly<Record<string, string>>): boolean {
  const file = path.join(dir, MARKER);
  if (!existsSync(file)) return false;
  try {
    return readFileSync(file, 'utf8') === JSON.stringify(key);
  } catch {
    return false;
  }
}

/** Empties `dir` for a fresh download: what a different key left there must not linger on a classpath. */
export function clearPrepared(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function markPrepared(dir: string, key: Readonly<Record<string, string>>): void {
  writeFileSync(path.join(dir, MARKER), JSON.stringify(key));
}
