/** How a process waits after a failure (a source's poll, a service it cannot reach): exponential from `baseMs`, capped at `maxMs`, with jitter. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): half of
 * min(maxMs, baseMs·2^attempt) plus a random part of the other half, so
 * sources that failed together do not retry together. A server's own demand
 * (HTTP Retry-After) wins when it asks for longer.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, demandedMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.max(demandedMs, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
