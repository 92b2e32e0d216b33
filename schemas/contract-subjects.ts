import { bronzeContracts } from './bronze-contracts.ts';
import { dlqContracts, readDeadLetterSchema, WAREHOUSE_DLQ_TOPIC } from './dlq-contract.ts';
import { layerContracts } from './layer-contracts.ts';
import type { SubjectSchema } from './registration.ts';

/**
 * Every subject the pipeline's records are written under: the one list `medallion
 * schemas register` registers. Bronze and dead letters have values only (their
 * keys are plain text); silver and gold have Avro keys and values.
 */
export function contractSubjects(): readonly SubjectSchema[] {
  const keyed = [...layerContracts('silver'), ...layerContracts('gold')].flatMap(({ keySubject, keySchema, valueSubject, schema }) => [
    { subject: keySubject, schema: keySchema },
    { subject: valueSubject, schema: schema as unknown as SubjectSchema['schema'] },
  ]);
  const warehouseDlq = { subject: `${WAREHOUSE_DLQ_TOPIC}-value`, schema: readDeadLetterSchema() };
  return [...[...bronzeContracts(), ...dlqContracts()].map(({ subject, schema }) => ({ subject, schema })), ...keyed, warehouseDlq];
}
