import type { WarehouseState } from './api-types.ts';

/** What the dashboard reports to whoever started it (the CLI prints these; the library never does). */
export type DashboardEvent =
  | { readonly kind: 'listening'; readonly url: string }
  | { readonly kind: 'warehouse'; readonly state: WarehouseState }
  | { readonly kind: 'gold-changed'; readonly tables: readonly string[] }
  | { readonly kind: 'request-failed'; readonly path: string; readonly message: string };

export type DashboardEventSink = (event: DashboardEvent) => void;
