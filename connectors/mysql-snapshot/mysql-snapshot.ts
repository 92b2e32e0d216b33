import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { OutgoingRecord, Transport, TransactionalProducer } from '../../transport/transport.ts';
import { entityColumns } from '../contract/entity-columns.ts';
import { layoutFromHeader } from '../contract/header-mapping.ts';
import { positiveOption } from '../contract/option-checks.ts';
import { RowEncoder } from '../contract/row-encoder.ts';
import type { SourceSerde } from '../contract/source-serde.ts';
import { nextSequenceAfter } from '../contract/source-checkpoints.ts';
import { SourceMetrics, type SourceSnapshot } from '../contract/source-metrics.ts';
import { sourceTopics, sourceTopicSpecs, type SourceTopics } from '../contract/source-topics.ts';
import { MysqlSnapshotError } from './mysql-snapshot-error.ts';
import type { MysqlSnapshotEvent } from './mysql-snapshot-events.ts';
import { entityOfTable, MYSQL_ENTITIES, type MysqlEntity } from './mysql-tables.ts';
import { insertStatements, type InsertStatement } from './sql-dump.ts';
import { restoreTableCheckpoints, tableCheckpointRecord, type TableCheckpoint } from './table-checkpoint.ts';

export interface MysqlSnapshotOptions {
  /** The generated MariaDB script (`<dataset>/mysql/operational.sql`); its name without `.sql` is the database in the lineage. */
  readonly dump: string;
  readonly transport: Transport;
  readonly serde: SourceSerde;
  /** Prepended to every topic name (tests, side-by-side runs). */
  readonly topicPrefix?: string;
  /** Names this source's checkpoints and transactional id; default `mysql-<database>`. */
  readonly sourceName?: string;
  /** Partitions of the bronze and dead-letter topics when this source creates them. */
  readonly partitions?: number;
  /** Rows per transaction. */
  readonly batchRows?: number;
  readonly onEvent?: (event: MysqlSnapshotEvent) => void;
}

export const MYSQL_SNAPSHOT_DEFAULTS = { partitions: 3, batchRows: 10_000 } as const;

const refuse = (message: string, fix: string): MysqlSnapshotError => new MysqlSnapshotError('bad-option', message, fix);

/**
 * Embedded mode has no MariaDB, so no change data capture: this loads the
 * generated script's tables (categories, cities) into bronze once, through the
 * same contract as every source (header mapping from the INSERT's column list,
 * typing, dead letters), with lineage source_kind `mysql`, uri
 * `<database>.<table>`, position `snapshot row N`. Each batch commits with the
 * table's checkpoint, so a restart resumes and a loaded dump is not loaded
 * again; a changed dump is a new snapshot, produced as newer versions. It says
 * it is a stand-in for CDC (`stand-in` event); `done` settles when loaded.
 */
export class MysqlSnapshot {
  readonly done: Promise<void>;
  private stopping = false;
  private produced = 0;
  private deadLettered = 0;

  private constructor(
    private readonly metrics: SourceMetrics<MysqlEntity>,
    private readonly producer: TransactionalProducer,
    private readonly topics: SourceTopics<MysqlEntity>,
    private readonly options: MysqlSnapshotOptions & { readonly sourceName: string; readonly batchRows: number },
    private readonly checkpoints: Map<string, TableCheckpoint>,
  ) {
    this.done = this.load();
    // A caller that only stops the snapshot need not handle `done`.
    this.done.catch(() => {});
  }

  static async start(options: MysqlSnapshotOptions): Promise<MysqlSnapshot> {
    const dump = resolve(options.dump);
    const database = basename(dump, extname(dump));
    const sourceName = options.sourceName ?? `mysql-${database}`;
    const d = MYSQL_SNAPSHOT_DEFAULTS;
    const partitions = positiveOption('partitions', options.partitions ?? d.partitions, d.partitions, refuse);
    const batchRows = positiveOption('batchRows', options.batchRows ?? d.batchRows, d.batchRows, refuse);
    const { transport } = options;
    const topics = sourceTopics<MysqlEntity>('mysql-snapshot', options.topicPrefix);
    await transport.ensureTopics(sourceTopicSpecs(MYSQL_ENTITIES, topics, partitions));
    // Open the producer first: it fences any older instance, so no transaction commits after the checkpoints are read.
    const producer = await transport.producer(`medallion.mysql-snapshot.${sourceName}`);
    const checkpoints = await restoreTableCheckpoints(transport, topics.checkpoints, sourceName);
    const metrics = new SourceMetrics(MYSQL_ENTITIES);
    const emit = (event: MysqlSnapshotEvent): void => {
      metrics.record(event);
      options.onEvent?.(event);
    };
    emit({ kind: 'started', transport: transport.kind, dump, checkpoints: checkpoints.size });
    emit({
      kind: 'stand-in',
      dump,
      detail: `embedded mode has no MariaDB: the snapshot in ${basename(dump)} stands in for change data capture (Debezium); changes made in a database later are not seen — run the stack for CDC`,
    });
    return new MysqlSnapshot(metrics, producer, topics, { ...options, dump, sourceName, batchRows, onEvent: emit }, checkpoints);
  }

  snapshot(): SourceSnapshot<MysqlEntity> {
    return this.metrics.snapshot();
  }

  /** Lets the batch in progress commit, stops loading, and closes the producer. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.done.catch(() => {});
  }

  private emit(event: MysqlSnapshotEvent): void {
    this.options.onEvent!(event);
  }

  private async load(): Promise<void> {
    try {
      const script = await readFile(this.options.dump, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        throw new MysqlSnapshotError('dump-missing', `the MySQL dump ${this.options.dump} does not exist`, 'generate a dataset (medallion generate) and pass its mysql/operational.sql');
      });
      const dump = createHash('sha256').update(script).digest('hex');
      const database = basename(this.options.dump, extname(this.options.dump));
      const rowsSeen = new Map<string, number>();
      const ignored = new Set<string>();
      for (const statement of insertStatements(script, this.options.dump)) {
        if (this.stopping) return;
        const entity = entityOfTable(statement.table);
        if (entity === undefined) {
          if (!ignored.has(statement.table)) this.emit({ kind: 'table-ignored', table: statement.table, detail: `no bronze entity is named ${statement.table} (${MYSQL_ENTITIES.join(', ')})` });
          ignored.add(statement.table);
          continue;
        }
        const from = rowsSeen.get(statement.table) ?? 0;
        rowsSeen.set(statement.table, from + statement.rows.length);
        await this.loadRows(statement, entity, from, `${database}.${statement.table}`, dump);
      }
      for (const [table, rows] of rowsSeen) await this.finishTable(table, rows, dump);
      this.emit({ kind: 'finished', produced: this.produced, deadLettered: this.deadLettered });
    } finally {
      await this.producer.close();
      this.emit({ kind: 'stopped' });
    }
  }

  /** The statement's rows past the table's checkpoint, a transaction per batch with the checkpoint after it. */
  private async loadRows(statement: InsertStatement, entity: MysqlEntity, from: number, uri: string, dump: string): Promise<void> {
    const layout = layoutFromHeader(statement.columns, entityColumns(entity));
    const origin = { kind: 'mysql', uri, position: (row: number) => `snapshot row ${row}` } as const;
    for (let start = 0; start < statement.rows.length && !this.stopping; start += this.options.batchRows) {
      const at = this.checkpointOf(statement.table, dump);
      const end = Math.min(statement.rows.length, start + this.options.batchRows);
      if (at.done || from + end <= at.rowsDone) continue;
      const encoder = new RowEncoder(this.options.serde, this.topics, entity, origin, layout, at.nextSequence);
      for (let i = Math.max(start, at.rowsDone - from); i < end; i++) {
        const row = statement.rows[i]!;
        // NULL is a blank cell: null for a nullable field, missing-required for a required one.
        await encoder.add({ cells: row.values.map((v) => v ?? ''), line: from + i + 1, raw: Buffer.from(row.raw) });
      }
      const checkpoint: TableCheckpoint = { ...at, rowsDone: from + end, nextSequence: encoder.sequence };
      await this.commit(encoder.out, checkpoint);
      const deadLettered = encoder.rejected.length;
      this.produced += encoder.rowsRead - deadLettered;
      this.deadLettered += deadLettered;
      this.emit({ kind: 'batch-committed', table: statement.table, entity, rowsRead: encoder.rowsRead, produced: encoder.rowsRead - deadLettered, deadLettered, rowsDone: from + end });
      for (const r of encoder.rejected) this.emit({ kind: 'row-dead-lettered', table: statement.table, entity, ...r });
    }
  }

  private async finishTable(table: string, rows: number, dump: string): Promise<void> {
    const entity = entityOfTable(table)!;
    const at = this.checkpointOf(table, dump);
    if (at.done) return this.emit({ kind: 'table-unchanged', table, entity, rows });
    await this.commit([], { ...at, done: true });
    this.emit({ kind: 'table-loaded', table, entity, rows });
  }

  /** The table's checkpoint for this dump; a new dump starts the table again, its sequence going on. */
  private checkpointOf(table: string, dump: string): TableCheckpoint {
    const at = this.checkpoints.get(table);
    if (at?.dump === dump) return at;
    const nextSequence = nextSequenceAfter(this.checkpoints.values());
    return { version: 1, source: this.options.sourceName, table, dump, rowsDone: 0, done: false, nextSequence };
  }

  private async commit(out: readonly OutgoingRecord[], checkpoint: TableCheckpoint): Promise<void> {
    await this.producer.transaction((tx) => tx.send([...out, tableCheckpointRecord(this.topics.checkpoints, checkpoint)]));
    this.checkpoints.set(checkpoint.table, checkpoint);
  }
}
