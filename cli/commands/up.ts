import { resolveConnections } from '../../config/connections.ts';
import { claimStackPipeline } from '../../pipeline/stack-run-lock.ts';
import { CDC_CONNECTOR, startStackPipeline } from '../../pipeline/stack-pipeline.ts';
import { stackHome } from '../../config/paths.ts';
import { secretsFile } from '../../config/stack-secrets.ts';
import type { Command } from '../command.ts';
import { parseRunOptions, runOptionsUsage, runPipeline } from '../pipeline-run.ts';

const DEFAULT_DIR = 'data/stack';

const usage = `usage: medallion up [--scale N] [--seed S] [--dir DIR] [--port P] [--once]

The main job in stack mode, the production shape: the same pipeline as
\`medallion demo\` on the local stack of real services (started if not running,
as \`medallion stack up\` does). It generates the sample dataset into DIR/dataset
and runs all of it through the pipeline:

  CSV folder (file-source) · Azure blobs (Azurite) · carts REST API (local) · MariaDB (Debezium CDC in Kafka Connect)
    → bronze.* on Kafka (Avro, registry contracts; bad rows → dlq.*) → silver.* → gold.* → PostgreSQL → dashboard

Every run starts from a clean pipeline, and says so: it deletes the connector
${CDC_CONNECTOR} (and any other connector of connect-config/ that runs) with its
offsets, the pipeline's topics (bronze, silver, gold, dead letters, checkpoints,
changelogs, change events; other topics are left alone), empties the
warehouse's silver and gold tables and the blob container, and replaces
MariaDB's operational tables with the dataset's. Only one \`up\` runs on a
stack at a time.

The warehouse is written by Debezium's JDBC sink connectors
(connect-config/warehouse-*-sink.json: upsert by record key, tombstones
delete), applied with the Debezium MariaDB source.

It prints the reconciliation per entity and compares the warehouse's gold with
the generator's expected gold, then serves the dashboard and keeps running:
drop a CSV into DIR/dataset/landing, or change categories or cities in MariaDB,
and watch it arrive. Ctrl-C (or \`medallion down\`) stops it; the stack keeps
running until \`medallion down\`.

${runOptionsUsage(DEFAULT_DIR)}`;

export const upCommand: Command = {
  name: 'up',
  summary: 'the main job in stack mode: the sample dataset through Kafka, Connect (Debezium) and the processors into the warehouse and the dashboard',
  usage,
  async run(args) {
    const options = parseRunOptions('up', args, usage, DEFAULT_DIR);
    const release = claimStackPipeline();
    try {
      return await runPipeline({
        ...options,
        mode: 'stack mode',
        statusMode: `stack (Kafka ${resolveConnections().kafka.bootstrapServers}, Kafka Connect)`,
        watching: "Azurite's container, the carts API and MariaDB (Debezium)",
        passwordsFile: () => secretsFile(stackHome()),
        start: ({ dataset, workDir }, onEvent) => startStackPipeline({ dataset, workDir, onEvent }),
      });
    } finally {
      release();
    }
  },
};
