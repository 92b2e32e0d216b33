import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';

describe('medallion generate (CLI)', () => {
  let printed: string[];
  let errors: string[];
  const dirs: string[] = [];

  beforeEach(() => {
    printed = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'medallion-gen-cli-'));
    dirs.push(dir);
    return dir;
  };

  it.each([['5'], ['50000001'], ['abc'], ['100.5'], ['']])('rejects --scale %j with exit code 2, naming the option, the value and the range', async (value) => {
    expect(await main(['generate', '--scale', value])).toBe(2);
    expect(errors.join('\n')).toContain(`--scale ${JSON.stringify(value)} is not a whole number from 100 to 50000000`);
  });

  it.each([['-1'], ['2147483648'], ['x']])('rejects --seed %j with exit code 2 and the valid range', async (value) => {
    expect(await main(['generate', `--seed=${value}`])).toBe(2);
    expect(errors.join('\n')).toContain(`--seed ${JSON.stringify(value)} is not a whole number from 0 to 2147483647`);
  });

  it('rejects an unknown option and a positional argument with exit code 2', async () => {
    expect(await main(['generate', '--scael', '100'])).toBe(2);
    expect(await main(['generate', 'now'])).toBe(2);
    expect(errors.join('\n')).toContain('--scael');
  });

  it('refuses a folder that is not its own output, replaces it with --force, and its own output without', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(await main(['generate', '--scale', '100', '--out', out])).toBe(1);
    expect(errors.join('\n')).toMatch(/--out .* is not empty and is not a previous `medallion generate` output[\s\S]*--force/);
    expect(existsSync(join(out, 'notes.txt'))).toBe(true);

    expect(await main(['generate', '--scale', '100', '--seed', '9', '--out', out, '--force', '--tidy'])).toBe(0);
    expect(existsSync(join(out, 'notes.txt'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'expected/manifest.json'), 'utf8'))).toMatchObject({ seed: 9, scale: 100, untidy: false });

    printed = [];
    expect(await main(['generate', '--scale', '100', '--seed', '9', '--out', out])).toBe(0);
    const text = printed.join('\n');
    expect(text).toMatch(/landing\/sales-0001\.csv\s+[\d,]+ rows/);
    expect(text).toMatch(/expected\/gold\/fact_sales\.csv/);
    expect(text).toMatch(/^sales\s+[\d,]+\s+[\d,]+\s+[1-9]/m);
    expect(text).toContain(`untidy dataset (seed 9, scale 100) written to ${out}`);
  }, 60_000);
});
