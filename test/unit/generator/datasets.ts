import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import type { Manifest } from '../../../generator/manifest.ts';

/** Small enough to keep the unit tests quick, big enough for every kind of row in every file. */
export const TEST_SCALE = 2000;

export interface Dataset {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly remove: () => void;
}

/** Generates a dataset into a fresh temporary directory (remove() deletes it). */
export async function generateInTemp(seed: number, untidy: boolean, scale = TEST_SCALE): Promise<Dataset> {
  const dir = mkdtempSync(join(tmpdir(), `medallion-gen-${seed}-`));
  const manifest = await generateDataset({ out: dir, scale, seed, untidy, force: false }, () => {});
  return { dir, manifest, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function listFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** One hash over every file's path and bytes. */
export function treeHash(dir: string, under = ''): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir, under)) hash.update(`${file}\0`).update(readFileSync(join(dir, file))).update('\0');
  return hash.digest('hex');
}
