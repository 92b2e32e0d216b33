import type { CheckResult, CheckStatus } from './validation-result.ts';

const MARKS: Readonly<Record<CheckStatus, string>> = { pass: '✔ pass', fail: '✘ FAIL', warn: '! warn', info: '· info' };

/** The report as an aligned text table (check, subject, status, detail), each row at fault on its own line under its check. */
export function renderReportTable(results: readonly CheckResult[]): string {
  const head = ['check', 'subject', 'status', 'detail'] as const;
  const cells = results.map((r) => [r.check, r.subject, MARKS[r.status], r.detail]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]): string => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ');
  const out = [line(head), line(widths.map((w) => '─'.repeat(w)))];
  results.forEach((r, i) => {
    out.push(line(cells[i]!));
    for (const row of r.atFault) out.push(`${' '.repeat(widths[0]! + widths[1]! + widths[2]! + 6)}↳ ${row}`);
  });
  return out.join('\n');
}
