import pg from 'pg';
import { WarehouseError } from '../warehouse-error.ts';
import { sinkTables, type SinkTable } from './sink-tables.ts';
import { TableWriter } from './table-writer.ts';

/**
 * One connection of a sink to the warehouse: it holds the sink's advisory lock
 * (one instance per sink name writes), knows the tables of its topics and has
 * their staging tables ready. After any failure the sink closes it (rolling back)
 * and opens a new one.
 */
export class WarehouseSession {
  private constructor(
    readonly client: pg.Client,
    readonly writers: ReadonlyMap<string, TableWriter>,
  ) {}

  static async open(url: string, sink: string, topics: readonly string[], topicPrefix: string): Promise<WarehouseSession> {
    const client = new pg.Client({ connectionString: url, application_name: `medallion-sink:${sink}`, connectionTimeoutMillis: 5000 });
    // An idle connection that dies (server restart, terminated backend) emits 'error'; unhandled, it would end the
    // process. Its next query fails with a connection error, and the sink reconnects then.
    client.on('error', () => {});
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('medallion.sink'), hashtext($1)) AS locked", [sink]);
      if (rows[0]?.locked !== true) {
        throw new WarehouseError('sink-already-running', `another sink named ${sink} is writing this warehouse (it holds the sink's advisory lock)`, 'stop the other instance, or give this one another name (--name); two sinks of one name would apply the same records twice');
      }
      // A commit need not wait for its WAL flush: a server crash can lose only the last commits, and their
      // positions with them, so the sink reads those records again. Exactly once either way, and ~20 fsyncs fewer per 100k rows.
      await client.query('SET synchronous_commit = off');
      const tables: SinkTable[] = await sinkTables(client, topics, topicPrefix);
      const writers = new Map(tables.map((t) => [t.topic, new TableWriter(t)]));
      for (const writer of writers.values()) await writer.prepare(client);
      return new WarehouseSession(client, writers);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}
