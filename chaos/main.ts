import { integerOption, noPositionals, parseOptions } from '../cli/options.ts';
import { SCALE_RANGE } from '../generator/sizes.ts';
import { runChaos, type ChaosProgress } from './chaos-run.ts';
import { FAULT_KINDS } from './schedule.ts';
import { figuresLine, verdictHolds } from './verdict.ts';

const DEFAULTS = { faults: 100, seed: 1, scale: 2_000, outageScalePercent: 100, settleS: 600, dir: 'data/chaos' } as const;

const usage = `usage: npm run chaos [-- --faults N --seed S --scale N --outage-scale P --settle-s N --dir DIR]

On the local stack (MEDALLION_HOME, MEDALLION_*_PORT), runs the pipeline as the
split deployment does, each part a process of its own (file-source, sources,
the CDC adapters, the silver and the gold processors, the TypeScript sink),
feeds the landing folder gradually, and injects faults on a seeded schedule:
kill -9 of each process (restarted after 1-5 s), of Kafka Connect and of the
broker, a processor stopped (SIGSTOP) and continued, PostgreSQL stopped for
30-60 s, MariaDB and the registry stopped and started. Then it waits for the
pipeline to settle, compares the eight gold tables with the expected gold row
by row, counts duplicates in bronze (by lineage) and gold.fact_sales (by key),
and prints one line of figures. It stops and restarts the stack's services:
never point it at a stack others use. Exits 1 unless gold is equal and nothing
is duplicated.

  --faults N         faults to inject (default ${DEFAULTS.faults}; from ${FAULT_KINDS.length}, every kind at least once)
  --seed S           seeds the dataset and the schedule (default ${DEFAULTS.seed})
  --scale N          distinct store sales of the dataset (default ${DEFAULTS.scale})
  --outage-scale P   PostgreSQL's outage in percent of 30-60 s (default ${DEFAULTS.outageScalePercent})
  --settle-s N       how long the pipeline may take to settle after the last fault (default ${DEFAULTS.settleS})
  --dir DIR          the run's folder: dataset, landing folder, logs (default ${DEFAULTS.dir})`;

function printer(live: boolean): (progress: ChaosProgress) => void {
  const began = Date.now();
  const at = (): string => `${String(Math.round((Date.now() - began) / 1000)).padStart(4)} s`;
  return (progress) => {
    switch (progress.kind) {
      case 'step':
        console.log(`${at()} · ${progress.message}`);
        break;
      case 'fault': {
        const { index, total, fault, landed, files, selfExits } = progress;
        const line = `${at()} fault ${index}/${total}: ${fault.kind.padEnd(16)} down ${(fault.downMs / 1000).toFixed(1)} s · landing ${landed}/${files} files · self-exits ${selfExits}`;
        if (live) process.stdout.write(`\r\x1b[K${line}${index === total ? '\n' : ''}`);
        else console.log(line);
        break;
      }
      case 'settling':
        console.log(`${at()}   settling: ${progress.figures}`);
        break;
    }
  };
}

async function main(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { faults: { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' }, 'outage-scale': { type: 'string' }, 'settle-s': { type: 'string' }, dir: { type: 'string' } },
    usage,
  );
  noPositionals('chaos', positionals, usage);
  const options = {
    faults: integerOption('faults', values.faults, DEFAULTS.faults, 1, 100_000),
    seed: integerOption('seed', values.seed, DEFAULTS.seed, 0, 2 ** 31 - 1),
    scale: integerOption('scale', values.scale, DEFAULTS.scale, SCALE_RANGE.min, SCALE_RANGE.max),
    outageScale: integerOption('outage-scale', values['outage-scale'], DEFAULTS.outageScalePercent, 0, 1000) / 100,
    settleMs: integerOption('settle-s', values['settle-s'], DEFAULTS.settleS, 10, 86_400) * 1000,
    dir: values.dir ?? DEFAULTS.dir,
  };
  const verdict = await runChaos(options, printer(process.stdout.isTTY));
  for (const d of verdict.differences) if (d.missing > 0 || d.unexpected > 0) console.log(`  gold.${d.table}: ${d.missing} missing, ${d.unexpected} unexpected, e.g. ${d.samples.join(' ')}`);
  console.log(figuresLine(verdict));
  return verdictHolds(verdict) ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 2;
});
