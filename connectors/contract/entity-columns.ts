import { TABULAR_ENTITY_NAMES, type TabularEntityName } from '../../catalog/entities.ts';
import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { BronzeRecords } from '../../schemas/generated/bronze-types.ts';
import { contractColumns, type ContractColumn } from './contract-columns.ts';

/** The bronze entities whose records are rows of scalar fields (the catalog's tabular ones): every one but carts (a cart holds its lines). */
export const TABULAR_ENTITIES = TABULAR_ENTITY_NAMES;
export type TabularEntity = TabularEntityName;
export type TabularRecord = BronzeRecords[TabularEntity];

const columnsOf = new Map<TabularEntity, readonly ContractColumn[]>();

/** The entity's contract columns in field order (the order headerless rows use), made once. */
export function entityColumns(entity: TabularEntity): readonly ContractColumn[] {
  let columns = columnsOf.get(entity);
  if (columns === undefined) columnsOf.set(entity, (columns = contractColumns(bronzeContract(entity))));
  return columns;
}
