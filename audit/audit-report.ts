import { textTable } from '../core/text-table.ts';

/** The report audit/spark/main.py writes (medallion_audit/audit_job.py), as `--json` prints it. */
export interface AuditReport {
  readonly runId: string;
  readonly verdict: 'agree' | 'differ' | 'failed';
  readonly master?: string;
  readonly read?: string;
  readonly from?: string | null;
  readonly tables?: readonly TableResult[];
  readonly bronze?: readonly BronzeResult[];
  readonly seconds?: number;
  readonly sessionSeconds?: number;
  readonly error?: { readonly service: string; readonly message: string; readonly fix: string };
}

export interface TableResult {
  readonly table: string;
  readonly expected: number;
  readonly found: number;
  readonly missing: number;
  readonly unexpected: number;
  readonly differing: number;
  readonly equal: boolean;
  readonly examples: {
    readonly missing?: readonly { key: Record<string, unknown>; expected: Record<string, unknown> }[];
    readonly unexpected?: readonly { key: Record<string, unknown>; found: Record<string, unknown> }[];
    readonly differing?: readonly { key: Record<string, unknown>; columns: Record<string, { expected: unknown; found: unknown }> }[];
  };
}

export interface BronzeResult {
  readonly entity: string;
  readonly records: number;
  readonly deadLetters: Record<string, number>;
  readonly unknownSchemaIds: Record<string, number>;
  readonly silverRows: number;
}

const keyText = (key: Record<string, unknown>): string => Object.values(key).map(String).join('/');

/** The summary table, the examples of every table that differs, and what bronze held. */
export function renderAuditReport(report: AuditReport): string {
  const tables = report.tables ?? [];
  const lines = [
    textTable(
      ['table', 'expected', 'found', 'missing', 'unexpected', 'differing', ''],
      tables.map((t) => [t.table, ...[t.expected, t.found, t.missing, t.unexpected, t.differing].map((n) => n.toLocaleString('en-US')), t.equal ? '✔ equal' : '✘ differs']),
      ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
  ];
  for (const t of tables.filter((x) => !x.equal)) {
    for (const m of t.examples.missing ?? []) lines.push(`${t.table} missing ${keyText(m.key)}: expected ${JSON.stringify(m.expected)}`);
    for (const u of t.examples.unexpected ?? []) lines.push(`${t.table} unexpected ${keyText(u.key)}: found ${JSON.stringify(u.found)}`);
    for (const d of t.examples.differing ?? []) {
      const columns = Object.entries(d.columns).map(([c, v]) => `${c} expected ${JSON.stringify(v.expected)} found ${JSON.stringify(v.found)}`);
      lines.push(`${t.table} differs ${keyText(d.key)}: ${columns.join('; ')}`);
    }
  }
  for (const b of report.bronze ?? []) {
    const unknown = Object.entries(b.unknownSchemaIds);
    if (unknown.length > 0) lines.push(`bronze.${b.entity}: ${unknown.map(([id, n]) => `${n} records with schema id ${id}, which the registry does not know`).join('; ')} (not decoded, not audited)`);
  }
  if (report.read !== undefined) lines.push(`read: ${report.read}`);
  lines.push(report.verdict === 'agree' ? `\nagree: ${tables.length} tables, every one equal` : `\nDIFFERS: ${tables.filter((t) => !t.equal).length} of ${tables.length} tables differ`);
  return lines.join('\n');
}
