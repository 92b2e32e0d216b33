import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { GeneratorError } from './generator-error.ts';

/** The top-level entries of a generator output; anything else in --out means it is someone else's folder. */
export const OUTPUT_ENTRIES = ['landing', 'blobs', 'mysql', 'api', 'expected'] as const;
export const MANIFEST_PATH = 'expected/manifest.json';
export const GENERATOR_NAME = 'medallion generate';

function isPreviousOutput(dir: string, entries: readonly string[]): boolean {
  if (!entries.every((e) => (OUTPUT_ENTRIES as readonly string[]).includes(e))) return false;
  try {
    return (JSON.parse(readFileSync(join(dir, MANIFEST_PATH), 'utf8')) as { generator?: unknown }).generator === GENERATOR_NAME;
  } catch {
    return false;
  }
}

/**
 * Makes --out ready for a new dataset: creates it, or empties it when it is empty
 * already, a previous generator output, or --force says so. Never empties the
 * filesystem root, the home directory, or the working directory or one above it.
 */
export function prepareOutputDir(out: string, force: boolean): string {
  const dir = resolve(out);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  if (!statSync(dir).isDirectory()) {
    throw new GeneratorError('out-not-directory', `--out ${out} is a file, not a directory.`, 'pass --out with a directory path (it is created when missing).');
  }
  const entries = readdirSync(dir);
  if (entries.length === 0) return dir;
  if (!isPreviousOutput(dir, entries)) {
    if (!force) {
      throw new GeneratorError(
        'out-not-empty',
        `--out ${out} is not empty and is not a previous \`${GENERATOR_NAME}\` output (it holds ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}).`,
        'pass --force to replace its contents, or choose another --out.',
      );
    }
    const cwd = process.cwd();
    if (dir === resolve('/') || dir === homedir() || !relative(dir, cwd).startsWith('..')) {
      throw new GeneratorError('unsafe-out', `--out ${out} is the root, home or working directory (or above it); --force will not empty it.`, 'choose a dedicated directory for the dataset, e.g. --out ./data/sample.');
    }
  }
  for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
  return dir;
}
