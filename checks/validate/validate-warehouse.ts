import type pg from 'pg';
import type { Transport } from '../../transport/transport.ts';
import { enrichedSalesCheck } from './enriched-sales.ts';
import { freshnessCheck } from './freshness.ts';
import { goldVsReferenceChecks } from './gold-vs-reference.ts';
import { dimensionKeyChecks, primaryKeyChecks } from './key-checks.ts';
import { layerCountChecks } from './layer-counts.ts';
import { reportOf, type ValidationReport } from './validation-result.ts';

export interface ValidateOptions {
  /** When given, records per silver and gold topic are reported beside the tables' rows. */
  readonly transport?: Transport;
  /** Newest sale older than this fails; without it the age is reported only. */
  readonly freshnessThresholdMs?: number;
  readonly now?: Date;
  /** Rows at fault named per check. Default 5. */
  readonly samples?: number;
}

/**
 * Validation as code, over the warehouse as its writer (it reads silver and
 * writes a scratch schema): rows per layer, primary keys, the facts' dimension
 * keys, freshness, gold against the reference SQL run over silver, and the
 * enriched sales against silver's sales joined with its dimensions.
 */
export async function validateWarehouse(client: pg.ClientBase, options: ValidateOptions = {}): Promise<ValidationReport & { readonly notes: readonly string[] }> {
  const now = options.now ?? new Date();
  const samples = options.samples ?? 5;
  const counts = await layerCountChecks(client, options.transport);
  const results = [
    ...counts.results,
    ...(await primaryKeyChecks(client, samples)),
    ...(await dimensionKeyChecks(client, samples)),
    await freshnessCheck(client, now, options.freshnessThresholdMs),
    ...(await goldVsReferenceChecks(client, samples)),
    await enrichedSalesCheck(client, samples),
  ];
  return { ...reportOf(results, now), notes: counts.topicsNote === undefined ? [] : [counts.topicsNote] };
}
