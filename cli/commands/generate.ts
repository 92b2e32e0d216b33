import { generateDataset } from '../../generator/generate-dataset.ts';
import type { GenerateEvent } from '../../generator/generate-events.ts';
import { MANIFEST_ENTITIES, type Manifest } from '../../generator/manifest.ts';
import { SCALE_RANGE } from '../../generator/sizes.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';

const SEED = { min: 0, max: 2 ** 31 - 1, fallback: 42 } as const;
const DEFAULT_OUT = './data/sample';

const usage = `usage: medallion generate [--scale N] [--seed S] [--out DIR] [--tidy] [--force]

  --scale N   distinct store sales in the truth (default ${SCALE_RANGE.fallback}, ${SCALE_RANGE.min}..${SCALE_RANGE.max})
  --seed S    random seed, ${SEED.min}..${SEED.max} (default ${SEED.fallback}); the same seed, scale and --tidy write the same bytes
  --out DIR   where to write the dataset (default ${DEFAULT_OUT}); layout in generator/README.md
  --tidy      tidy files: the same truth without the untidiness (header variants, bad rows, duplicates, …)
  --force     replace DIR even when it holds something other than a previous generator output`;

const count = (n: number): string => n.toLocaleString('en-US');

function printEvent(event: GenerateEvent): void {
  switch (event.kind) {
    case 'phase':
      console.log(`${event.phase}:`);
      break;
    case 'file-written':
      console.log(`  ${event.path.padEnd(40)} ${count(event.rows).padStart(12)} rows  ${(event.bytes / 1e6).toFixed(1).padStart(8)} MB`);
      break;
    case 'done':
      printSummary(event.dir, event.manifest);
      break;
  }
}

function printSummary(dir: string, manifest: Manifest): void {
  const columns = ['rowsWritten', 'good', 'bad', 'duplicates', 'corrections', 'keys'] as const;
  console.log(`\n${'entity'.padEnd(12)}${columns.map((c) => c.padStart(13)).join('')}`);
  for (const entity of MANIFEST_ENTITIES) {
    const e = manifest.entities[entity];
    console.log(`${entity.padEnd(12)}${columns.map((c) => count(e[c]).padStart(13)).join('')}`);
  }
  const gold = Object.entries(manifest.gold).map(([table, rows]) => `${table} ${count(rows)}`);
  console.log(`\nonline sale lines ${count(manifest.onlineSaleLines)}; gold rows: ${gold.join(', ')}`);
  console.log(`${manifest.untidy ? 'untidy' : 'tidy'} dataset (seed ${manifest.seed}, scale ${count(manifest.scale)}) written to ${dir}`);
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write the sample retail dataset (CSV folder, blobs, MariaDB script, carts API) and its expected clean and gold tables',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { scale: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, tidy: { type: 'boolean' }, force: { type: 'boolean' } },
      usage,
    );
    noPositionals('generate', positionals, usage);
    const scale = integerOption('scale', values.scale, SCALE_RANGE.fallback, SCALE_RANGE.min, SCALE_RANGE.max);
    const seed = integerOption('seed', values.seed, SEED.fallback, SEED.min, SEED.max);
    const begun = Date.now();
    await generateDataset({ out: values.out ?? DEFAULT_OUT, scale, seed, untidy: values.tidy !== true, force: values.force === true }, printEvent);
    console.log(`done in ${((Date.now() - begun) / 1000).toFixed(1)}s`);
    return 0;
  },
};
