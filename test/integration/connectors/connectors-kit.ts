import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectClient } from '../../../connect-config/connect-client.ts';
import { CONNECT_CONFIG_DIR } from '../../../connect-config/connector-files.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { stackKafka, stackRegistry } from '../../../stack/stack-clients.ts';
import { deleteSubjects } from '../stack/kafka-test-kit.ts';

/** Helpers the connectors and MySQL CDC tests share: connector folders of their own, and the CLI. */

const CLI = fileURLToPath(new URL('../../../cli/bin/medallion.cjs', import.meta.url));

export const connect = new ConnectClient(stackEndpoints().connect.url);

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `medallion <args>` in a child process, as a user runs it. */
export function medallion(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

export const hex = (): string => randomBytes(4).toString('hex');

/**
 * A folder holding one of the project's connector files under a name of its own,
 * with `overrides` on top; for the MariaDB source, what must differ between
 * connectors on one worker and one MariaDB is made unique (server id, topic prefix).
 */
export class TestConnectorFolder {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-connectors-'));
  readonly name: string;
  /** The connector's topic.prefix: its change topics are `<prefix>.<database>.<table>`. */
  readonly changeTopicPrefix: string;
  // Two connectors reading one MariaDB's binlog need server ids of their own.
  private readonly serverId = String(100_000 + Math.floor(Math.random() * 800_000));

  /** `base` is the project's connector file the folder's one is made from: connect-config/<base>.json. */
  constructor(
    label: string,
    private readonly base: 'mysql-cdc' | 'warehouse-gold-sink' | 'warehouse-silver-sink' = 'mysql-cdc',
  ) {
    const id = hex();
    this.name = `test-${label}-${id}`;
    // Debezium names the change events' Avro schemas after it, and Avro names take no '-'.
    this.changeTopicPrefix = `test_cdc_${id}`;
  }

  write(overrides: Readonly<Record<string, string>> = {}): this {
    const file = JSON.parse(readFileSync(path.join(CONNECT_CONFIG_DIR, `${this.base}.json`), 'utf8')) as { config: Record<string, string> };
    const unique = this.base === 'mysql-cdc' ? { 'database.server.id': this.serverId, 'topic.prefix': this.changeTopicPrefix, 'schema.history.internal.kafka.topic': this.historyTopic } : {};
    const config = { ...file.config, ...unique, ...overrides };
    writeFileSync(path.join(this.dir, `${this.name}.json`), JSON.stringify({ name: this.name, config }, null, 2));
    return this;
  }

  private get historyTopic(): string {
    return `_medallion.${this.changeTopicPrefix}.schema-history`;
  }

  /** Deletes the connector, and for the MariaDB source its change and history topics and the subjects its converter registered. */
  async remove(): Promise<void> {
    await connect.delete(this.name);
    rmSync(this.dir, { recursive: true, force: true });
    if (this.base !== 'mysql-cdc') return;
    const endpoints = stackEndpoints();
    const admin = stackKafka(endpoints, { clientId: 'test-connectors-cleanup' }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic: string) => topic.startsWith(`${this.changeTopicPrefix}.`) || topic === this.historyTopic);
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
    const registry = stackRegistry(endpoints);
    await deleteSubjects(registry, (await registry.getAllSubjects()).filter((subject) => subject.startsWith(`${this.changeTopicPrefix}.`)));
  }
}
