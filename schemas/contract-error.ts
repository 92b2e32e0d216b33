import { MedallionError } from '../core/medallion-error.ts';

export const CONTRACT_ERROR_CODES = ['incompatible-schema', 'registry-failed', 'types-drifted', 'subject-not-registered'] as const;
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

/** A schema contract that cannot be registered or used as it stands. */
export class ContractError extends MedallionError<ContractErrorCode> {
  readonly domain = 'contracts';
}
