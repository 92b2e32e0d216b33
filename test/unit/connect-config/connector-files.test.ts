import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { ConnectorError } from '../../../connect-config/connector-error.ts';
import { loadConnectorSpecs } from '../../../connect-config/connector-files.ts';
import { placeholderValues } from '../../../connect-config/placeholders.ts';

const values = placeholderValues(resolveConnections({}));
const dirs: string[] = [];

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-connect-config-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function failure(dir: string): ConnectorError {
  try {
    loadConnectorSpecs(values, dir);
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('the files loaded without an error');
}

const source = { 'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector', 'database.hostname': '{{mysql.host}}' };

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('connector files', () => {
  it("loads the project's files with their placeholders resolved and secrets left as references", () => {
    const specs = loadConnectorSpecs(values);
    const cdc = specs.find((spec) => spec.name === 'mysql-cdc');
    expect(cdc?.config['database.hostname']).toBe('127.0.0.1');
    expect(cdc?.config['database.include.list']).toBe('operational');
    expect(cdc?.config['database.password']).toBe('${env:MEDALLION_MYSQL_CDC_PASSWORD}');
    expect(specs.flatMap((spec) => Object.values(spec.config)).join('\n')).not.toMatch(/\{\{/);
  });

  it('reads every .json of a folder in name order, each named as its file', () => {
    const dir = folder({ 'b.json': { name: 'b', config: source }, 'a.json': { name: 'a', doc: 'first', config: source }, 'notes.txt': 'not a connector' });
    expect(loadConnectorSpecs(values, dir).map((spec) => spec.name)).toEqual(['a', 'b']);
  });

  it('refuses a name that differs from the file name', () => {
    const error = failure(folder({ 'mysql-cdc.json': { name: 'other', config: source } }));
    expect(error.code).toBe('bad-file');
    expect(error.where.key).toBe('name');
    expect(error.message).toContain('"mysql-cdc"');
  });

  it('refuses a value that is not a string, naming its key', () => {
    const error = failure(folder({ 'a.json': { name: 'a', config: { ...source, 'tasks.max': 1 } } }));
    expect(error.where.key).toBe('tasks.max');
    expect(error.fix).toContain('"tasks.max": "1"');
  });

  it('refuses an unknown placeholder, listing the known ones', () => {
    const error = failure(folder({ 'a.json': { name: 'a', config: { ...source, 'database.port': '{{mysql.prot}}' } } }));
    expect(error.code).toBe('unknown-placeholder');
    expect(error.where.key).toBe('database.port');
    expect(error.message).toContain('{{mysql.port}}');
  });

  it('refuses a literal password, and one read from a variable outside MEDALLION_*', () => {
    const literal = failure(folder({ 'a.json': { name: 'a', config: { ...source, 'database.password': 'debezium' } } }));
    expect(literal.code).toBe('literal-secret');
    expect(literal.where).toMatchObject({ key: 'database.password', value: '********' });
    expect(literal.message).not.toContain('debezium');
    const foreign = failure(folder({ 'a.json': { name: 'a', config: { ...source, 'database.password': '${env:HOME}' } } }));
    expect(foreign.code).toBe('literal-secret');
  });

  it('refuses a config without connector.class, and stray top-level keys', () => {
    expect(failure(folder({ 'a.json': { name: 'a', config: { 'tasks.max': '1' } } })).where.key).toBe('connector.class');
    expect(failure(folder({ 'a.json': { name: 'a', config: source, tasks: '1' } })).where.key).toBe('tasks');
    expect(failure(folder({ 'a.json': '{ "name": "a", ' })).message).toContain('not valid JSON');
  });
});
