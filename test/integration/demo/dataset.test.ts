import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import { GOLD_TABLE_NAMES } from '../../../schemas/layer-contracts.ts';
import { runCli } from '../cli-run.ts';

// `medallion demo --dataset FOLDER` on folders of a user's own: a generated one (all four sources) and one with landing files only.
const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-dataset-test-'));
  // mkdtemp makes it private; PostgreSQL runs as its own account when the tests run as root.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** One hash over every file's path and bytes under `dir`: equal before and after means the run wrote nothing there. */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    hash.update(`${name}\0`);
    try {
      hash.update(readFileSync(path.join(dir, name)));
    } catch {
      hash.update('folder');
    }
  }
  return hash.digest('hex');
}

async function runDataset(dataset: string): Promise<{ code: number | null; output: string; run: string }> {
  const run = path.join(tempDir(), 'run');
  const cli = runCli(['demo', '--dataset', dataset, '--dir', run, '--port', '0', '--once']);
  children.push(cli.child);
  const code = await cli.exited;
  return { code, output: cli.output, run };
}

let generated: string;

beforeAll(async () => {
  generated = path.join(tempDir(), 'mine');
  await generateDataset({ out: generated, scale: 1000, seed: 7, untidy: true, force: false }, () => {});
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  await sleep(1000);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('medallion demo --dataset', () => {
  it('runs a folder with all four sources and expected/: reconciles, validates, equals the expected gold, exits 0, and leaves the folder byte for byte as it was', async () => {
    const before = treeHash(generated);
    const { code, output, run } = await runDataset(generated);
    expect(output, output).toContain('✔ every bronze record is in silver, removed as a duplicate, or dead-lettered');
    expect(output).toMatch(/✔ valid: \d+ checks \(gold = warehouse\/reference\/gold\.sql over silver among them\), none failed/);
    expect(output).toContain("✔ the warehouse's gold equals the expected gold");
    expect(code).toBe(0);
    for (const entity of ['sales', 'products', 'employees', 'customers', 'countries', 'categories', 'cities', 'carts']) {
      expect(output).toMatch(new RegExp(`^${entity}\\s+[1-9][\\d,]*\\s+[1-9][\\d,]*\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+✔$`, 'm'));
    }
    for (const table of GOLD_TABLE_NAMES) expect(output).toMatch(new RegExp(`^reference-gold\\s+gold\\.${table}\\s+✔ pass`, 'm'));
    expect(output).not.toContain('✘');
    expect(treeHash(generated)).toBe(before);
    // The file source read the run's copies: they are in its archive.
    expect(readdirSync(path.join(run, 'work', 'archive')).sort()).toEqual(readdirSync(path.join(generated, 'landing')).sort());
  }, 600_000);

  it('runs a folder with landing files only: sales, products and employees reconcile and gold equals the reference SQL, but the sales name customers it lacks, so validate fails and it exits 1', async () => {
    const landingOnly = path.join(tempDir(), 'landing-only');
    cpSync(path.join(generated, 'landing'), path.join(landingOnly, 'landing'), { recursive: true });
    const before = treeHash(landingOnly);
    const { code, output } = await runDataset(landingOnly);
    expect(output, output).toMatch(/blobs\s+none \(no blobs\/ CSV files\)/);
    expect(output).toMatch(/MySQL\s+none \(no mysql\/\*\.sql\)/);
    expect(output).toContain('ℹ no expected gold to compare with (the dataset has no expected/gold/)');
    expect(output).toContain('✔ every bronze record is in silver, removed as a duplicate, or dead-lettered');
    for (const entity of ['sales', 'products', 'employees']) expect(output).toMatch(new RegExp(`^${entity}\\s+[1-9][\\d,]*\\s+[1-9][\\d,]*\\s+.*✔$`, 'm'));
    for (const entity of ['customers', 'countries', 'categories', 'cities', 'carts']) expect(output).toMatch(new RegExp(`^${entity}\\s+0\\s+0\\s+0\\s+0\\s+0\\s+✔$`, 'm'));
    for (const table of GOLD_TABLE_NAMES) expect(output).toMatch(new RegExp(`^reference-gold\\s+gold\\.${table}\\s+✔ pass`, 'm'));
    expect(output).toMatch(/^dimension-keys\s+gold\.fact_sales\.customer_id\s+✘ FAIL\s+[\d,]+ sale line\(s\) have a customer_id not in gold\.dim_customer/m);
    expect(output).toMatch(/✘ INVALID: 1 of \d+ checks failed/);
    expect(code).toBe(1);
    expect(treeHash(landingOnly)).toBe(before);
  }, 600_000);

  it('stops with one message naming the file, the line and the fault when a MySQL dump is cut short, exits 1 and leaves the folder as it was', async () => {
    const cutShort = path.join(tempDir(), 'cut-short');
    mkdirSync(path.join(cutShort, 'mysql'), { recursive: true });
    writeFileSync(path.join(cutShort, 'mysql', 'shop.sql'), "INSERT INTO categories (CategoryID, CategoryName) VALUES (1, 'Fruit'), (2, 'Veg\n");
    const before = treeHash(cutShort);
    const { code, output } = await runDataset(cutShort);
    expect(output, output).toMatch(/^medallion demo: \S+cut-short\/mysql\/shop\.sql line 1: expected a closing quote in the INSERT/m);
    expect(code).toBe(1);
    expect(treeHash(cutShort)).toBe(before);
  }, 600_000);
});
