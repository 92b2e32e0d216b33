import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateDataset } from '../../generator/generate-dataset.ts';
import { MANIFEST_PATH } from '../../generator/output-dir.ts';
import type { Manifest } from '../../generator/manifest.ts';
import { SCALE_RANGE } from '../../generator/sizes.ts';
import { FILE_ENTITIES } from '../../connectors/file-source/entity-of-file.ts';
import { reconcileBronze, type BronzeReconciliation } from '../../pipeline/bronze-reconciliation.ts';
import { startEmbeddedPipeline, type EmbeddedPipeline } from '../../pipeline/embedded-pipeline.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const DEFAULT_DIR = 'data/demo';

const usage = `usage: medallion demo [--scale N] [--seed S] [--dir DIR] [--once]

The main job on the embedded default: no JVM, no Docker, one Node process.
Generates the sample dataset into DIR/dataset (default ${DEFAULT_DIR}; a previous
demo's folder is cleared first, a folder holding anything else is refused), then
runs it through the pipeline on the in-process log:

  CSV landing folder → file-source sidecar → bronze.* (Avro) and dlq.* (bad rows, with reasons)

and reconciles every topic against the generator's expected counts. It then
keeps watching DIR/dataset/landing: drop a CSV of sales, products or employees there
and see it arrive. Ctrl-C stops it.

  --scale N   distinct store sales (default ${SCALE_RANGE.fallback}, ${SCALE_RANGE.min}..${SCALE_RANGE.max})
  --seed S    random seed (default 42)
  --dir DIR   where the dataset and the demo's folders go (default ${DEFAULT_DIR})
  --once      run to completion, print the reconciliation and exit: 0 when every count matches, 1 otherwise`;

const count = (n: number): string => n.toLocaleString('en-US');

// Marks a folder as the demo's own, so a later run may clear it.
const MARKER = '.medallion-demo';

/** An empty folder for this run: a previous demo's is cleared, so old and new data never mix; anything else is refused. */
function freshDemoDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(path.join(dir, MARKER))) {
      throw new UsageError('bad-option', `--dir ${dir} is not empty and is not a previous demo's folder.`, `choose another --dir, or empty ${dir} first.`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'The folder of `medallion demo`: cleared at the start of every run.\n');
}

/** Waits until every landing file of the dataset has been read to its end and archived (or quarantined). */
async function caughtUp(pipeline: EmbeddedPipeline, files: number, onProgress: () => void): Promise<void> {
  for (;;) {
    onProgress();
    const settled = pipeline.fileSource.snapshot().files.filter((f) => f.state !== 'reading').length;
    if (settled >= files) return;
    await sleep(250);
  }
}

function printReconciliation(rows: readonly BronzeReconciliation[]): void {
  const header = ['entity', 'source rows', 'bronze', 'bad rows', 'dlq', ''];
  console.log(`\n${header[0]!.padEnd(12)}${header.slice(1, 5).map((h) => h.padStart(13)).join('')}`);
  for (const r of rows) {
    const cells = [r.expectedGood, r.bronze, r.expectedBad, r.deadLettered].map((n) => count(n).padStart(13)).join('');
    console.log(`${r.entity.padEnd(12)}${cells}  ${r.ok ? '✔' : '✘ bronze or dlq differs from the source'}`);
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: the sample dataset through the pipeline on the embedded default (no JVM, no Docker)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { scale: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' }, once: { type: 'boolean' } }, usage);
    noPositionals('demo', positionals, usage);
    const scale = integerOption('scale', values.scale, SCALE_RANGE.fallback, SCALE_RANGE.min, SCALE_RANGE.max);
    const seed = integerOption('seed', values.seed, 42, 0, 2 ** 31 - 1);
    const dir = path.resolve(values.dir ?? DEFAULT_DIR);
    const begun = Date.now();

    freshDemoDir(dir);
    const dataset = path.join(dir, 'dataset');
    const landing = path.join(dataset, 'landing');
    console.log(`1/3 generating the sample dataset (scale ${count(scale)}, seed ${seed}) into ${dataset}`);
    await generateDataset({ out: dataset, scale, seed, untidy: true, force: false }, (event) => {
      if (event.kind === 'phase') console.log(`    ${event.phase}…`);
    });
    const manifest = JSON.parse(readFileSync(path.join(dataset, MANIFEST_PATH), 'utf8')) as Manifest;
    const landingFiles = FILE_ENTITIES.reduce((n, e) => n + manifest.entities[e].files.length, 0);

    console.log(`2/3 bronze: the file-source sidecar reads ${landingFiles} CSV files from ${landing} into the in-process log`);
    const live = process.stdout.isTTY === true;
    const pipeline = await startEmbeddedPipeline({
      landing,
      archive: path.join(dir, 'archive'),
      quarantine: path.join(dir, 'quarantine'),
      onFileSourceEvent: (event) => {
        if (event.kind === 'file-quarantined') console.log(`\n    ⚠ ${event.path} quarantined (${event.reason}): ${event.detail}`);
        if (event.kind === 'file-seen' && !live) console.log(`    → ${path.basename(event.path)} (${event.entity})`);
      },
    });
    const progress = (): void => {
      const { totals } = pipeline.fileSource.snapshot();
      if (live) process.stdout.write(`\r\x1b[K    rows read ${count(totals.rowsRead)}, to bronze ${count(totals.produced)}, to the DLQ ${count(totals.deadLettered)}`);
    };
    try {
      await caughtUp(pipeline, landingFiles, progress);
      if (live) process.stdout.write('\n');

      console.log('3/3 reconciling bronze and the DLQ against the source');
      const rows = await reconcileBronze(pipeline.transport, manifest, FILE_ENTITIES);
      printReconciliation(rows);
      const ok = rows.every((r) => r.ok);
      console.log(`\n${ok ? '✔ every source row is in bronze once or in the DLQ with its reason' : '✘ bronze does not match the source'} (${((Date.now() - begun) / 1000).toFixed(1)}s)`);
      if (values.once === true) return ok ? 0 : 1;

      console.log(`\nwatching ${landing}: drop a CSV of sales, products or employees there to see it arrive; Ctrl-C stops.`);
      const ticker = setInterval(progress, live ? 250 : 5000);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(ticker);
      console.log('\nstopping');
      return 0;
    } finally {
      await pipeline.stop();
    }
  },
};
