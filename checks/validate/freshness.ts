import type pg from 'pg';
import type { CheckResult } from './validation-result.ts';

/** '3d 4h', '12m 5s', '40s': an age to read at a glance. */
export function formatAge(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const parts: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return (ms < 0 ? '-' : '') + (shown.length === 0 ? '0s' : shown.map(([n, u]) => `${n}${u}`).join(' '));
}

/**
 * The newest sale (gold.fact_sales.sold_at, UTC) against now. With a threshold,
 * older than it fails; without one the age is reported only (a replayed sample
 * dataset is years old by design).
 */
export async function freshnessCheck(client: pg.ClientBase, now: Date, thresholdMs: number | undefined): Promise<CheckResult> {
  const { rows } = await client.query<{ newest: string | null; age_ms: string | null }>(
    `SELECT to_char(max(sold_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS newest,
            (extract(epoch FROM ($1::timestamptz AT TIME ZONE 'UTC') - max(sold_at)) * 1000)::bigint::text AS age_ms
     FROM gold.fact_sales`,
    [now.toISOString()],
  );
  const { newest, age_ms } = rows[0]!;
  const subject = 'gold.fact_sales.sold_at';
  if (newest === null || age_ms === null) {
    return { check: 'freshness', subject, status: thresholdMs === undefined ? 'warn' : 'fail', detail: 'no sales in the warehouse', atFault: [] };
  }
  const age = Number(age_ms);
  const detail = `newest sale ${newest}, ${formatAge(age)} ago`;
  if (thresholdMs === undefined) return { check: 'freshness', subject, status: 'info', detail: `${detail} (no threshold given)`, atFault: [] };
  return age <= thresholdMs
    ? { check: 'freshness', subject, status: 'pass', detail: `${detail}, within ${formatAge(thresholdMs)}`, atFault: [] }
    : { check: 'freshness', subject, status: 'fail', detail: `${detail}, older than the threshold ${formatAge(thresholdMs)}`, atFault: [] };
}
