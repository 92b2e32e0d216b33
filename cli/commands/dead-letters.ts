import { summariseDeadLetters } from '../../pipeline/dead-letter-summary.ts';
import type { Command } from '../command.ts';
import { noPositionals, parseOptions } from '../options.ts';
import { textTable } from '../../core/text-table.ts';
import { openTransportTarget } from '../transport-target.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion dead-letters --since TIME [--json]

Reads the dlq.<entity> topics on Kafka (MEDALLION_KAFKA_*, default the local stack) and prints the
dead letters written at or after TIME, per entity, stage and rule broken, with a count and one example;
a dlq topic not on Kafka yet is named and counts as none. Exits 0 whether or not there are any (a dead
letter is the pipeline working as designed).

  --since TIME   an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z
  --json         print the groups as JSON`;

function sinceOption(value: string | undefined): number {
  if (value === undefined) throw new UsageError('missing-option', 'dead-letters needs --since.', `pass --since with an ISO 8601 date-time, e.g. --since 2026-01-31T12:00:00Z.\n${usage}`);
  const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError('bad-option', `--since ${JSON.stringify(value)} is not an ISO 8601 date-time.`, 'pass a date-time such as 2026-01-31T12:00:00Z.');
  return time;
}

export const deadLettersCommand: Command = {
  name: 'dead-letters',
  summary: 'the dead letters since a time, per entity, stage and rule broken',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { since: { type: 'string' }, json: { type: 'boolean' } }, usage);
    noPositionals('dead-letters', positionals, usage);
    const since = sinceOption(values.since);
    const { transport, registry } = await openTransportTarget();
    try {
      const { groups, absent } = await summariseDeadLetters(transport, registry, since);
      if (values.json === true) {
        console.log(JSON.stringify({ since: new Date(since).toISOString(), groups, absent }, null, 2));
        return 0;
      }
      if (absent.length > 0) console.log(`not on Kafka yet, so nothing dead-lettered there: ${absent.join(', ')}`);
      const total = groups.reduce((n, g) => n + g.count, 0);
      if (groups.length > 0) {
        console.log(textTable(['ENTITY', 'STAGE', 'RULE', 'COUNT', 'FIELD', 'VALUE', 'SOURCE'], groups.map((g) => [g.entity, g.stage, g.reason, g.count.toLocaleString('en-US'), g.example.field ?? '', g.example.value ?? '', g.example.source])));
      }
      console.log(`${total.toLocaleString('en-US')} dead letter${total === 1 ? '' : 's'} since ${new Date(since).toISOString()}`);
      return 0;
    } finally {
      await transport.close();
    }
  },
};
