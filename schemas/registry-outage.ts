import { RestError, type Client } from '@confluentinc/schemaregistry';
import type { UnreachableService } from '../core/outage.ts';

// What the registry client's HTTP layer (axios) reports when no answer came at all.
const NETWORK_CODES: readonly string[] = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN'];
// The answers of a registry that is starting, restarting or overloaded.
const BUSY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];

/**
 * Whether a registry call failed because the registry is down, restarting or
 * busy (a wait cures it), rather than because of what was asked (a subject it
 * does not hold, a schema it refuses, credentials).
 */
export function isRegistryOutage(error: unknown): boolean {
  if (error instanceof RestError) return BUSY_STATUSES.includes(error.status);
  const { code, response, cause, isAxiosError } = (error ?? {}) as { code?: unknown; response?: unknown; cause?: unknown; isAxiosError?: unknown };
  // Only the registry client's own HTTP failures: PostgreSQL's driver reports a refused connection with the same code.
  if (isAxiosError === true && response === undefined && typeof code === 'string' && NETWORK_CODES.includes(code)) return true;
  // An outage reported through a wrapper (registerSchemas' ContractError) is still one.
  return cause !== undefined && cause !== error && isRegistryOutage(cause);
}

/** The registry and where it is, when `error` is its outage (for waitOut). */
export function unreachableRegistry(registry: Client): UnreachableService {
  return (error) => (isRegistryOutage(error) ? { service: 'the schema registry', at: registry.config()?.baseURLs?.join(', ') ?? 'MEDALLION_REGISTRY_URL' } : undefined);
}
