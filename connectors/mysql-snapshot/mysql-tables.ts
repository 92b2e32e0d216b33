import { entitiesOf, type EntityOf } from '../../catalog/entities.ts';

/** The bronze entities that live in the operational MySQL database, by table name (the catalog's of source kind mysql). */
export const MYSQL_ENTITIES = entitiesOf('mysql');
export type MysqlEntity = EntityOf<'mysql'>;

export function entityOfTable(table: string): MysqlEntity | undefined {
  const lower = table.toLowerCase();
  return MYSQL_ENTITIES.find((entity) => entity === lower);
}
