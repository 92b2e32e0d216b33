import type { ConnectClient } from './connect-client.ts';
import type { ConnectorSpec } from './connector-files.ts';

/** One key that differs between a connector file and the connector Connect runs. */
export interface KeyChange {
  readonly key: string;
  /** What runs now; null when the key is new. */
  readonly from: string | null;
  /** What the file says; null when the file dropped the key. */
  readonly to: string | null;
}

/** What `apply` would do to one connector. */
export type ConnectorPlan =
  | { readonly kind: 'create'; readonly name: string; readonly spec: ConnectorSpec }
  | { readonly kind: 'update'; readonly name: string; readonly spec: ConnectorSpec; readonly changes: readonly KeyChange[] }
  | { readonly kind: 'unchanged'; readonly name: string; readonly spec: ConnectorSpec }
  /** Runs in Connect without a file here: shown, never touched by apply. */
  | { readonly kind: 'unmanaged'; readonly name: string };

/** The file's config against the running one, key by key (Connect adds `name` to every config it stores). */
export function planConnector(spec: ConnectorSpec, running: Readonly<Record<string, string>> | undefined): ConnectorPlan {
  if (running === undefined) return { kind: 'create', name: spec.name, spec };
  const wanted: Readonly<Record<string, string>> = { ...spec.config, name: spec.name };
  const keys = [...new Set([...Object.keys(wanted), ...Object.keys(running)])].sort();
  const changes = keys.flatMap((key): KeyChange[] => {
    const from = running[key] ?? null;
    const to = wanted[key] ?? null;
    return from === to ? [] : [{ key, from, to }];
  });
  return changes.length === 0 ? { kind: 'unchanged', name: spec.name, spec } : { kind: 'update', name: spec.name, spec, changes };
}

/**
 * The plan for each spec, then (when `withUnmanaged`) the connectors Connect runs
 * that no file describes.
 */
export async function planConnectors(client: ConnectClient, specs: readonly ConnectorSpec[], withUnmanaged: boolean): Promise<ConnectorPlan[]> {
  const plans: ConnectorPlan[] = [];
  for (const spec of specs) plans.push(planConnector(spec, await client.config(spec.name)));
  if (withUnmanaged) {
    const managed = new Set(specs.map((spec) => spec.name));
    for (const name of (await client.connectors()).sort()) if (!managed.has(name)) plans.push({ kind: 'unmanaged', name });
  }
  return plans;
}
