import { MedallionError } from '../core/medallion-error.ts';

export const DASHBOARD_ERROR_CODES = ['bad-warehouse-url', 'warehouse-unreachable', 'query-failed', 'listen-failed', 'bundle-failed'] as const;
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];

/** What went wrong serving the dashboard; messages name the warehouse as host:port/database, never the password. */
export class DashboardError extends MedallionError<DashboardErrorCode> {
  readonly domain = 'dashboard';
}
