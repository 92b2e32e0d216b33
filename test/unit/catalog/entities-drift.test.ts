import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITIES, ENTITY_NAMES, SILVER_ENTITY_NAMES } from '../../../catalog/entities.ts';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { DERIVED_SILVER_TOPICS, layerContract } from '../../../schemas/layer-contracts.ts';
import { readMigrations } from '../../../warehouse/migrate.ts';
import { sqlTables } from './file-lists.ts';

/**
 * The catalog's drift check for entities: every SQL and Python file that names
 * the entities by hand says what catalog/entities.ts says, in full. (The
 * connector file's captured tables are checked against the catalog's MySQL
 * entities in test/unit/connect-config/connector-files-drift.test.ts.) On
 * failure: bring the file named in the message in line with the catalog.
 */
const read = (file: string): string => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');

describe('the entities of the catalog', () => {
  it.each(ENTITY_NAMES)('%s: its key is its bronze contract’s, and its silver entity has a contract', (entity) => {
    expect(bronzeContract(entity).keyField).toBe(ENTITIES[entity].key);
    expect(layerContract('silver', ENTITIES[entity].silver).topic).toBe(`silver.${ENTITIES[entity].silver}`);
  });

  it('are, through their silver entities, the tables the migrations create in schema silver, each keyed as its contract', () => {
    const silver = [...SILVER_ENTITY_NAMES, ...DERIVED_SILVER_TOPICS];
    expect(sqlTables(readMigrations().map((m) => m.sql).join('\n'), 'silver')).toEqual(Object.fromEntries(silver.map((name) => [name, layerContract('silver', name).keyFields])));
  });

  it('are the entities the Spark audit reads, with their keys, and its silver tables (Python)', () => {
    const entities = read('audit/spark/medallion_audit/entities.py');
    const declared = [...entities.matchAll(/^ {4}Entity\("(\w+)", "(\w+)"/gm)].map(([, name, key]) => [name, key]);
    expect(declared, 'audit/spark/medallion_audit/entities.py ENTITIES').toEqual(ENTITY_NAMES.map((entity) => [entity, ENTITIES[entity].key]));
    const tables = /^SILVER_TABLES = \(([^)]*)\)/m.exec(read('audit/spark/medallion_audit/audit_job.py'))?.[1] ?? '';
    expect([...tables.matchAll(/"(\w+)"/g)].map(([, name]) => name), 'audit/spark/medallion_audit/audit_job.py SILVER_TABLES').toEqual(SILVER_ENTITY_NAMES);
  });
});
