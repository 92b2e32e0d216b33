import { BlobServiceClient } from '@azure/storage-blob';
import type { ConnectClient } from '../connect-config/connect-client.ts';
import type { ConnectorSpec } from '../connect-config/connector-files.ts';
import type { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import { SINK_DEFAULTS } from '../warehouse/sink/sink-options.ts';
import { resetConnector } from './connector-reset.ts';
import { stepEvent, type PipelineEventSink } from './pipeline-events.ts';
import { withWarehouse } from './warehouse-connection.ts';

export interface StackResetTargets {
  readonly connect: ConnectClient;
  /** The connectors to remove with their offsets: those the run applies, and any other of the files that runs. */
  readonly connectors: readonly ConnectorSpec[];
  readonly transport: KafkaTransport;
  /** The pipeline's topics by exact name (./pipeline-topics.ts). */
  readonly topics: readonly string[];
  readonly warehouseUrl: string;
  readonly azure: { readonly connectionString: string; readonly container: string };
  readonly connectorTimeoutMs: number;
  readonly emit: PipelineEventSink;
}

/**
 * Clears what an earlier run left on the stack, so its data never mixes with a
 * new dataset's: the connectors and their offsets, the pipeline's topics (and
 * with them the consumer groups' positions on them), every table of the
 * warehouse's silver and gold schemas with the TypeScript sink's positions, and
 * the blob container. Nothing else on the stack is touched.
 */
export async function resetStackPipeline(targets: StackResetTargets): Promise<void> {
  const { emit } = targets;
  emit(stepEvent(`clearing the previous run: connectors ${targets.connectors.map((c) => c.name).join(', ')} and their offsets`));
  for (const spec of targets.connectors) await resetConnector(targets.connect, spec, targets.connectorTimeoutMs);

  emit(stepEvent(`clearing the previous run: ${targets.topics.length} topics (bronze, silver, gold, dead letters, checkpoints, changelogs, change events)`));
  await targets.transport.deleteTopics(targets.topics);

  emit(stepEvent("clearing the previous run: the warehouse's silver and gold tables and the sink's positions"));
  await withWarehouse(targets.warehouseUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname IN ('silver', 'gold') ORDER BY 1`);
    await client.query('BEGIN');
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')}`);
    await client.query('DELETE FROM meta.sink_positions WHERE sink = $1', [SINK_DEFAULTS.name]);
    await client.query('COMMIT');
  });

  emit(stepEvent(`clearing the previous run: the blobs of container ${targets.azure.container}`));
  const container = BlobServiceClient.fromConnectionString(targets.azure.connectionString).getContainerClient(targets.azure.container);
  if (await container.exists()) for await (const blob of container.listBlobsFlat()) await container.deleteBlob(blob.name);
}
