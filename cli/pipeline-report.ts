import type { RunningPipeline } from '../pipeline/pipeline-parts.ts';
import type { GoldTableDifference } from '../checks/expected-gold.ts';
import { sourceCounts } from '../pipeline/pipeline-settled.ts';
import type { SilverReconciliation } from '../checks/reconciliation.ts';
import { SALES_ENRICHMENT_PROCESSOR } from '../processors/silver/sales-enrichment.ts';
import { textTable } from '../core/text-table.ts';

const n = (value: number): string => value.toLocaleString('en-US');

/** One line per layer of the pipeline, for the live board. */
export function layerLines(pipeline: Pick<RunningPipeline, 'sources' | 'processors' | 'sink'>): string[] {
  const counts = Object.values(sourceCounts(pipeline.sources));
  const bronze = counts.reduce((sum, c) => sum + c.produced, 0);
  const sourceDlq = counts.reduce((sum, c) => sum + c.deadLettered, 0);
  const processors = pipeline.processors.snapshot();
  const layer = (prefix: string) => processors.filter((p) => p.processor.startsWith(prefix));
  const sum = (ps: typeof processors, key: 'recordsIn' | 'recordsOut' | 'deduplicated' | 'deadLettered' | 'late' | 'lag'): number => ps.reduce((s, p) => s + p[key], 0);
  // The enrichment writes a derived silver topic: its upserts are no conformed records.
  const enrichment = processors.filter((p) => p.processor === SALES_ENRICHMENT_PROCESSOR);
  const silver = layer('silver').filter((p) => p.processor !== SALES_ENRICHMENT_PROCESSOR);
  const gold = layer('gold');
  const sink = pipeline.sink.snapshot();
  return [
    `    bronze     ${n(bronze).padStart(11)} records   ${n(sourceDlq)} dead-lettered at the sources`,
    `    silver     ${n(sum(silver, 'recordsOut')).padStart(11)} records   ${n(sum(silver, 'deduplicated'))} duplicates, ${n(sum(silver, 'deadLettered'))} dead-lettered, ${n(sum(enrichment, 'recordsOut'))} enriched-sale upserts, lag ${n(sum(silver, 'lag') + sum(enrichment, 'lag'))}`,
    `    gold       ${n(sum(gold, 'recordsOut')).padStart(11)} upserts   ${n(sum(gold, 'late'))} late, lag ${n(sum(gold, 'lag'))}`,
    `    warehouse  ${n(sink.records).padStart(11)} rows      ${sink.status}, ${n(sink.deadLettered)} dead-lettered`,
  ];
}

export function printReconciliation(rows: readonly SilverReconciliation[]): void {
  console.log(
    textTable(
      ['entity', 'bronze', 'silver', 'duplicates', 'dead-lettered', 'late', ''],
      rows.map((r) => [r.entity, n(r.bronze), n(r.silver), n(r.duplicates), n(r.deadLettered), n(r.late), r.ok ? '✔' : '✘ bronze ≠ silver + duplicates + dead-lettered']),
      ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
  );
}

export function printGoldComparison(differences: readonly GoldTableDifference[]): void {
  console.log(
    `\n${textTable(
      ['gold table', 'expected', 'warehouse', 'missing', 'unexpected', ''],
      differences.map((d) => [d.table, n(d.expected), n(d.actual), n(d.missing), n(d.unexpected), d.missing + d.unexpected === 0 ? '✔' : '✘']),
      ['left', 'right', 'right', 'right', 'right', 'left'],
    )}`,
  );
  for (const d of differences) for (const sample of d.samples) console.log(`  ${d.table}: ${sample}`);
}
