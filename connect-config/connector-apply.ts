import type { ConnectClient } from './connect-client.ts';
import { ConnectorError } from './connector-error.ts';
import type { ConnectorEventSink } from './connector-events.ts';
import type { ConnectorSpec } from './connector-files.ts';
import { planConnectors, type ConnectorPlan } from './connector-plan.ts';
import { validateSpec } from './config-validation.ts';
import { awaitRunning } from './connector-wait.ts';

export interface ApplyOptions {
  /** How long each created or updated connector gets to reach RUNNING. */
  readonly timeoutMs: number;
  readonly onEvent?: ConnectorEventSink;
}

/**
 * Makes Connect run the specs: every config is validated first (Connect's own
 * validation and the key check), and if any has a problem nothing is applied and
 * the error lists every problem with its key. Then each connector that differs
 * is created or updated and awaited until it and its tasks are RUNNING; one that
 * FAILS stops the apply with its trace. Connectors that already match are left alone.
 */
export async function applyConnectors(client: ConnectClient, specs: readonly ConnectorSpec[], options: ApplyOptions): Promise<readonly ConnectorPlan[]> {
  const problems = [];
  for (const spec of specs) {
    const found = await validateSpec(client, spec);
    options.onEvent?.({ kind: 'validated', connector: spec.name, problems: found });
    problems.push(...found);
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.connector}: ${p.key}${p.value === null ? '' : ` = ${JSON.stringify(p.value)}`}: ${p.message}`);
    throw new ConnectorError(
      'invalid-config',
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the connector configs; nothing was applied:\n${lines.join('\n')}`,
      'correct each key named above in its connect-config/<name>.json and apply again',
      { problems, ...(problems.length === 1 ? { connector: problems[0]!.connector, key: problems[0]!.key, value: problems[0]!.value } : {}) },
    );
  }
  const plans = await planConnectors(client, specs, false);
  for (const plan of plans) {
    options.onEvent?.({ kind: 'planned', plan });
    if (plan.kind !== 'create' && plan.kind !== 'update') continue;
    const action = await client.putConfig(plan.name, plan.spec.config);
    options.onEvent?.({ kind: 'applied', connector: plan.name, action });
    await awaitRunning(client, plan.name, options);
  }
  return plans;
}
