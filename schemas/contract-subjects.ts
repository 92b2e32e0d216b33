import { bronzeContracts } from './bronze-contracts.ts';
import { dlqContracts } from './dlq-contract.ts';
import type { SubjectSchema } from './registration.ts';

/** Every subject the pipeline's records are written under: the one list `medallion schemas register` registers. */
export function contractSubjects(): readonly SubjectSchema[] {
  return [...bronzeContracts(), ...dlqContracts()].map(({ subject, schema }) => ({ subject, schema }));
}
