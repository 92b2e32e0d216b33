import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcileSilver } from '../../../../checks/reconciliation.ts';
import { replayPipeline } from '../../../../processors/replay.ts';
import { SILVER_ENTITIES } from '../../../../schemas/layer-contracts.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import { generateInTemp, type Dataset } from '../../generator/datasets.ts';
import { datasetBronze } from './dataset-bronze.ts';
import { expectExpectedGold, silverTableCsv } from './table-csv.ts';
import { replayFromTime } from '../replay-from-time.ts';
import { runPipeline } from '../run-pipeline.ts';
import { enrichedSales } from '../silver/enriched-sales-check.ts';

const datasets: Dataset[] = [];
afterAll(() => datasets.forEach((d) => d.remove()));

describe('silver and gold processors end to end, on the in-process log', () => {
  for (const [seed, untidy] of [[11, true], [12, false]] as const) {
    it(`turn a generated dataset's bronze into exactly its expected gold (seed ${seed}, ${untidy ? 'untidy' : 'tidy'})`, async () => {
      const dataset = await generateInTemp(seed, untidy);
      datasets.push(dataset);
      const registry = await embeddedRegistry();
      const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
      try {
        const running = await runPipeline(transport, registry, await datasetBronze(dataset.dir, dataset.manifest, registry));
        await Promise.all(running.map((r) => r.stop()));
        // Every bronze record is in silver, a removed duplicate or a dead letter, as the generator's ledger counted them.
        const reconciliation = await reconcileSilver(transport, registry);
        for (const row of reconciliation) {
          const counts = dataset.manifest.entities[row.entity];
          expect(row, row.entity).toMatchObject({ bronze: counts.good, silver: counts.keys + counts.corrections, duplicates: counts.duplicates, deadLettered: 0, ok: true });
        }
        // Untidy landing drops late products and employees after the first sales file; tidy has none.
        const late = reconciliation.find((r) => r.entity === 'sales')!.late;
        if (untidy) expect(late).toBeGreaterThan(0);
        else expect(late).toBe(0);
        for (const entity of SILVER_ENTITIES) {
          // Silver has no row order: compare the physical lines (a quoted address may span two).
          const lines = (csv: string) => csv.split('\n').sort();
          expect(lines(await silverTableCsv(transport, registry, entity)), entity).toEqual(lines(readFileSync(join(dataset.dir, 'expected/clean', `${entity}.csv`), 'utf8')));
        }
        await expectExpectedGold(transport, registry, dataset.dir);
        // Every sale enriched, late dimensions included: the names of the dimension topics, nothing missing.
        const { actual, expected } = await enrichedSales(transport, registry);
        expect(actual.size).toBe(expected.size);
        expect([...actual.values()].filter((e) => e.missing.length > 0)).toEqual([]);
        expect(actual).toEqual(expected);
      } finally {
        await transport.close();
      }
    }, 120_000);
  }

  it('yield the same gold when replayed from bronze with fresh state (new consumer groups, new stores)', async () => {
    const dataset = await generateInTemp(13, true);
    datasets.push(dataset);
    const registry = await embeddedRegistry();
    const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
    try {
      const live = await runPipeline(transport, registry, await datasetBronze(dataset.dir, dataset.manifest, registry));
      await Promise.all(live.map((r) => r.stop()));
      await replayPipeline({ transport, registry, partitions: 3, namespace: 'replay.' });
      await expectExpectedGold(transport, registry, dataset.dir);
      // Silver counts bronze records by origin, so the replay's second copy of silver changes no balance.
      expect((await reconcileSilver(transport, registry, { namespace: 'replay.' })).every((r) => r.ok)).toBe(true);
    } finally {
      await transport.close();
    }
  }, 120_000);

  it("rewrite silver and gold only from a replay's start time, with state rebuilt from all of bronze, ending with the same gold", async () => {
    const dataset = await generateInTemp(14, true);
    datasets.push(dataset);
    const registry = await embeddedRegistry();
    const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
    try {
      const groups = await datasetBronze(dataset.dir, dataset.manifest, registry);
      const silver = await replayFromTime(transport, registry, groups, Math.floor(groups.length / 2), { replayNamespace: 'replay.' });
      expect(silver.liveSilverBefore).toBeGreaterThan(0);
      expect(silver.liveSilverFrom).toBeGreaterThan(0);
      // Exactly what the live run wrote from that time on: the earlier records' versions were known, so none is re-emitted or taken for new.
      expect(silver.replaySilver).toBe(silver.liveSilverFrom);
      await expectExpectedGold(transport, registry, dataset.dir);
      expect((await reconcileSilver(transport, registry, { namespace: 'replay.' })).every((r) => r.ok)).toBe(true);
    } finally {
      await transport.close();
    }
  }, 120_000);
});
