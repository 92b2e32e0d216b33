import pg from 'pg';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import type { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import type { OutgoingRecord } from '../../../transport/transport.ts';
import { hex } from './connectors-kit.ts';

const postgres = stackEndpoints().postgres;

// Dates as the text PostgreSQL holds, timestamps (without time zone, UTC by the warehouse's rule) as UTC, whatever this process's zone.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.DATE ? (text: string) => text : oid === pg.types.builtins.TIMESTAMP ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Copies of some warehouse tables (same columns, keys and checks) in a schema of
 * the test's own on the stack's PostgreSQL, writable by the sinks' writer role,
 * so a sink test never touches the tables everyone else reads.
 */
export class WarehouseCopy {
  readonly schema = `test_sink_${hex()}`;
  private readonly admin = new pg.Client({ host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.admin.user, password: postgres.admin.password, types });

  constructor(
    private readonly from: 'gold' | 'silver',
    private readonly tables: readonly string[],
  ) {}

  async create(): Promise<this> {
    await this.admin.connect();
    await this.admin.query(`CREATE SCHEMA ${this.schema}`);
    for (const table of this.tables) await this.admin.query(`CREATE TABLE ${this.schema}.${table} (LIKE ${this.from}.${table} INCLUDING ALL)`);
    await this.admin.query(`GRANT USAGE ON SCHEMA ${this.schema} TO ${postgres.writer.user}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${this.schema} TO ${postgres.writer.user}`);
    return this;
  }

  /** Every row of the table, by its first column. */
  async rows(table: string): Promise<Record<string, unknown>[]> {
    return (await this.admin.query(`SELECT * FROM ${this.schema}.${table} ORDER BY 1`)).rows as Record<string, unknown>[];
  }

  async drop(): Promise<void> {
    await this.admin.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.admin.end();
  }
}

/** Sends records in one committed transaction, as the processors do (the sinks read committed records only). */
export async function sendCommitted(transport: KafkaTransport, records: readonly OutgoingRecord[]): Promise<void> {
  const producer = await transport.producer(`test.sink.${hex()}`);
  try {
    await producer.transaction((tx) => tx.send(records));
  } finally {
    await producer.close();
  }
}

/** The overrides that point a sink file at `<prefix><layer>.*` topics and the copy's tables. */
export function sinkOverrides(layer: 'gold' | 'silver', topicPrefix: string, copy: WarehouseCopy): Record<string, string> {
  const escaped = topicPrefix.replaceAll('.', '\\.');
  return { 'topics.regex': `${escaped}${layer}\\..+`, 'transforms.table.regex': `${escaped}${layer}\\.(.+)`, 'collection.name.format': `${copy.schema}.\${topic}` };
}
