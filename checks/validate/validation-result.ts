/** How a check came out. `info` reports a figure and cannot fail; `warn` is worth a look but does not fail the run. */
export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'info'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const CHECK_KINDS = ['rows', 'primary-key', 'dimension-keys', 'freshness', 'reference-gold', 'enriched-sales'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckResult {
  readonly check: CheckKind;
  /** What was checked: a table (gold.fact_sales), a topic, or a layer. */
  readonly subject: string;
  readonly status: CheckStatus;
  /** One line: the figures, or what is wrong. */
  readonly detail: string;
  /** The rows at fault, each named by its key (and, for differences, both versions). At most a few. */
  readonly atFault: readonly string[];
}

export interface ValidationReport {
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly results: readonly CheckResult[];
}

export function reportOf(results: readonly CheckResult[], checkedAt: Date): ValidationReport {
  return { ok: results.every((r) => r.status !== 'fail'), checkedAt: checkedAt.toISOString(), results };
}
