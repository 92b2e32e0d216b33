import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';

/** Every file under `dir` with its bytes' hash, and every folder: what "unchanged" means for a tree. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return ['(absent)'];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const file = join(dir, name);
      try {
        return `${name} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
      } catch {
        return `${name}/`;
      }
    });
}

describe('medallion demo --dataset, refusing bad input before anything is started or written', () => {
  let errors: string[];
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-dataset-cli-'));
    dirs.push(dir);
    return dir;
  };

  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const LAYOUT = 'landing/ (sales*, products*, employees* CSV files), blobs/<entity>/ (customers*, countries* CSV files), mysql/*.sql';

  it.each([
    ['does not exist', (dir: string) => join(dir, 'nowhere'), /the dataset folder \S+nowhere does not exist/],
    ['is empty', (dir: string) => dir, /the dataset folder \S+ is empty/],
    [
      'holds only files no contract knows',
      (dir: string) => {
        mkdirSync(join(dir, 'landing'));
        writeFileSync(join(dir, 'landing', 'orders-2024.csv'), 'OrderID\n1\n');
        writeFileSync(join(dir, 'README.txt'), 'my export');
        return dir;
      },
      /the dataset folder \S+ holds nothing a source contract knows \(found README\.txt, landing\/orders-2024\.csv\)/,
    ],
  ])('a folder that %s: one message naming it and the layout expected, exit 1, nothing written', async (_, make, message) => {
    const dataset = make(tempDir());
    const run = join(tempDir(), 'run');
    const before = tree(dataset);
    expect(await main(['demo', '--dataset', dataset, '--dir', run, '--once'])).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toContain(LAYOUT);
    expect(tree(dataset)).toEqual(before);
    expect(existsSync(run)).toBe(false);
  });

  it('refuses a run folder that holds the dataset or is inside it, even a previous run’s: it would be cleared', async () => {
    const parent = tempDir();
    const dataset = join(parent, 'dataset');
    mkdirSync(join(dataset, 'landing'), { recursive: true });
    writeFileSync(join(dataset, 'landing', 'sales-0001.csv'), 'SalesID\n1\n');
    // A previous demo run's folder, which a run clears at its start.
    writeFileSync(join(parent, '.medallion-demo'), 'The folder of `medallion demo`');
    const before = tree(parent);
    for (const dir of [parent, dataset, join(dataset, 'run')]) {
      errors = [];
      expect(await main(['demo', '--dataset', dataset, '--dir', dir, '--once'])).toBe(1);
      expect(errors.join('\n')).toMatch(/the run's folder \S+ and the dataset folder \S+dataset overlap[\s\S]*fix: pass --dir with a folder outside the dataset/);
    }
    expect(tree(parent)).toEqual(before);
  });

  it('takes no --scale or --seed with --dataset, and up takes no --dataset (exit 2, the usage error)', async () => {
    const dataset = tempDir();
    expect(await main(['demo', '--dataset', dataset, '--scale', '1000'])).toBe(2);
    expect(errors.join('\n')).toContain('--scale and --seed size the generated sample; --dataset runs your folder as it is');
    expect(await main(['up', '--dataset', dataset])).toBe(2);
    expect(errors.join('\n')).toContain('up takes no --dataset');
    expect(tree(dataset)).toEqual([]);
  });
});
