import type { TabularEntity } from '../contract/entity-columns.ts';

/** The bronze entities that live in the operational MySQL database, by table name. */
export const MYSQL_ENTITIES = ['categories', 'cities'] as const satisfies readonly TabularEntity[];
export type MysqlEntity = (typeof MYSQL_ENTITIES)[number];

export function entityOfTable(table: string): MysqlEntity | undefined {
  const lower = table.toLowerCase();
  return MYSQL_ENTITIES.find((entity) => entity === lower);
}
