import { describe, expect, it } from 'vitest';
import { formatAge } from '../../../checks/validate/freshness.ts';
import { renderReportTable } from '../../../checks/validate/report-table.ts';
import { reportOf, type CheckResult } from '../../../checks/validate/validation-result.ts';

const results: CheckResult[] = [
  { check: 'rows', subject: 'gold.fact_sales', status: 'info', detail: '2,133 rows', atFault: [] },
  { check: 'reference-gold', subject: 'gold.sales_daily', status: 'fail', detail: '1 reference row(s) missing', atFault: ['sale_date=2018-01-01, channel=store: …'] },
];

describe('the validation report', () => {
  it('is aligned in columns, with rows at fault under their check', () => {
    const lines = renderReportTable(results).split('\n');
    expect(lines[0]).toBe('check           subject           status  detail');
    expect(lines[2]).toBe('rows            gold.fact_sales   · info  2,133 rows');
    expect(lines[3]).toBe('reference-gold  gold.sales_daily  ✘ FAIL  1 reference row(s) missing');
    expect(lines[4]).toBe(`${' '.repeat(lines[3]!.indexOf('1 reference'))}↳ sale_date=2018-01-01, channel=store: …`);
  });

  it('fails when a check fails, and only then', () => {
    expect(reportOf(results, new Date(0)).ok).toBe(false);
    expect(reportOf(results.slice(0, 1), new Date(0)).ok).toBe(true);
  });

  it('says ages at a glance', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(90_000)).toBe('1m 30s');
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000 + 5_000)).toBe('3d 4h');
  });
});
