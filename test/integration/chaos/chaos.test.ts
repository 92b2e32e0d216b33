import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChaos } from '../../../chaos/chaos-run.ts';
import { FAULT_KINDS } from '../../../chaos/schedule.ts';
import { figuresLine } from '../../../chaos/verdict.ts';

// The short run of `npm run chaos`: every fault kind at least once, PostgreSQL down for 6-12 s instead of 30-60 s.
const SHORT = { faults: 15, seed: 21, scale: 300, outageScale: 0.2, settleMs: 180_000 } as const;

describe('npm run chaos, short: the split deployment on the local stack under every kind of fault', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'medallion-chaos-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends with all eight gold tables equal to the expected gold, nothing missing, unexpected or duplicated', async () => {
    const verdict = await runChaos({ ...SHORT, dir }, (progress) => {
      if (progress.kind === 'fault') console.log(`[chaos] fault ${progress.index}/${progress.total}: ${progress.fault.kind}`);
      else console.log(`[chaos] ${progress.kind === 'step' ? progress.message : progress.figures}`);
    });
    console.log(figuresLine(verdict));
    expect(FAULT_KINDS.filter((kind) => verdict.faults[kind] === 0)).toEqual([]);
    expect({ tablesEqual: verdict.tablesEqual, missing: verdict.missing, unexpected: verdict.unexpected, bronze: verdict.bronzeDuplicates, factSales: verdict.factSalesDuplicates }).toEqual({
      tablesEqual: 8,
      missing: 0,
      unexpected: 0,
      bronze: 0,
      factSales: 0,
    });
  }, 600_000);
});
