import pg from 'pg';
import { resolveConnections } from '../../config/connections.ts';
import { kafkaAnswers } from '../../stack/kafka-probe.ts';
import { openTransport } from '../../transport/open-transport.ts';
import type { Transport } from '../../transport/transport.ts';
import { renderReportTable } from '../../checks/validate/report-table.ts';
import { validateWarehouse } from '../../checks/validate/validate-warehouse.ts';
import type { Command } from '../command.ts';
import { integerOption, noPositionals, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion validate [--json] [--freshness-threshold AGE] [--samples N]

Checks the warehouse (MEDALLION_WAREHOUSE_URL) and exits 1 when a check fails, naming the rows at fault:
rows per layer (with each silver and gold topic's end offset, and dlq.warehouse, when Kafka answers), primary-key uniqueness,
every fact's product, customer and employee present in its dimension, freshness of the newest sale,
and gold equal to warehouse/reference/gold.sql run over the warehouse's silver tables.

  --json                     print the report as JSON
  --freshness-threshold AGE  fail when the newest sale is older, e.g. 90s, 15m, 2h, 1d (default: report the age only)
  --samples N                rows at fault named per check (default 5)`;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function durationOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (match === null) throw new UsageError('bad-option', `--${name} ${JSON.stringify(value)} is not an age.`, `pass a whole number and a unit (ms, s, m, h, d), e.g. --${name} 15m.`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** Kafka, when its first bootstrap server answers (stack/kafka-probe.ts); otherwise the report says why topic counts are missing. */
async function reachableKafka(): Promise<{ transport?: Transport; note?: string }> {
  const { kafka } = resolveConnections();
  if (!(await kafkaAnswers(kafka))) return { note: `topic counts skipped: Kafka does not answer at ${kafka.bootstrapServers}` };
  return { transport: await openTransport({ kind: 'kafka', kafka }) };
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the warehouse: rows per layer, keys, dimension keys, freshness, gold = reference SQL over silver',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, 'freshness-threshold': { type: 'string' }, samples: { type: 'string' } }, usage);
    noPositionals('validate', positionals, usage);
    const freshnessThresholdMs = durationOption('freshness-threshold', values['freshness-threshold']);
    const samples = integerOption('samples', values.samples, 5, 1, 1000);
    const { transport, note } = await reachableKafka();
    const client = new pg.Client({ connectionString: resolveConnections().warehouseUrl });
    await client.connect();
    try {
      const report = await validateWarehouse(client, { samples, ...(transport === undefined ? {} : { transport }), ...(freshnessThresholdMs === undefined ? {} : { freshnessThresholdMs }) });
      const notes = [...report.notes, ...(note === undefined ? [] : [note])];
      if (values.json === true) {
        console.log(JSON.stringify({ ...report, notes }, null, 2));
      } else {
        console.log(renderReportTable(report.results));
        for (const line of notes) console.log(`note: ${line}`);
        const failed = report.results.filter((r) => r.status === 'fail').length;
        console.log(report.ok ? `\nvalid: ${report.results.length} checks, none failed` : `\nINVALID: ${failed} of ${report.results.length} checks failed`);
      }
      return report.ok ? 0 : 1;
    } finally {
      await client.end();
      await transport?.close();
    }
  },
};
