import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectClient } from '../connect-config/connect-client.ts';
import type { ConnectorSpec } from '../connect-config/connector-files.ts';
import { PipelineError } from './pipeline-error.ts';

const PAUSE_MS = 250;

/**
 * Removes a connector and everything Connect remembers of it, so the next apply
 * starts it afresh (Debezium: a new initial snapshot). A connector's offsets
 * outlive a DELETE, so it is stopped first (or created stopped, when only its
 * offsets are left from an earlier one), its offsets reset, and then deleted.
 */
export async function resetConnector(client: ConnectClient, spec: ConnectorSpec, timeoutMs: number): Promise<void> {
  if (!(await client.stop(spec.name))) await client.createStopped(spec.name, spec.config);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.resetOffsets(spec.name);
    if (result !== 'not-stopped') break;
    if (Date.now() > deadline) {
      throw new PipelineError(
        'reset-failed',
        `connector ${spec.name} did not stop within ${timeoutMs / 1000}s, so its offsets could not be reset`,
        `look at medallion connectors status ${spec.name} and the Connect log (medallion stack logs connect), then run medallion up again`,
      );
    }
    await sleep(PAUSE_MS);
  }
  await client.delete(spec.name);
}
