import type { ConnectorStatus } from './connect-client.ts';
import type { ConfigProblem } from './connector-error.ts';
import type { ConnectorPlan } from './connector-plan.ts';

/** What the connector operations report as they go; only the CLI prints them. */
export type ConnectorEvent =
  | { readonly kind: 'validated'; readonly connector: string; readonly problems: readonly ConfigProblem[] }
  | { readonly kind: 'planned'; readonly plan: ConnectorPlan }
  | { readonly kind: 'applied'; readonly connector: string; readonly action: 'created' | 'updated' }
  | { readonly kind: 'waiting'; readonly connector: string; readonly status: ConnectorStatus | undefined; readonly elapsedMs: number }
  | { readonly kind: 'running'; readonly connector: string; readonly tasks: number; readonly elapsedMs: number }
  /** A task failed because its database connection was lost; restarted (the attempt-th time in this outage, which began sinceMs ago). */
  | { readonly kind: 'restarting'; readonly connector: string; readonly cause: string; readonly attempt: number; readonly sinceMs: number };

export type ConnectorEventSink = (event: ConnectorEvent) => void;
