import { CartsApiError } from './carts-api-error.ts';

/**
 * What the server can do wrong, for tests and demos of the carts source:
 * answer 429 (with Retry-After, in seconds) or 500, answer slowly, serve a page
 * that is not JSON, or serve the page before the one asked for again.
 */
export type CartsFault =
  | { readonly kind: 'too-many-requests'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server-error' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'malformed-page' }
  | { readonly kind: 'repeated-page' };

export const CARTS_FAULT_KINDS = ['too-many-requests', 'server-error', 'slow', 'malformed-page', 'repeated-page'] as const satisfies readonly CartsFault['kind'][];

/** Which requests a fault hits: the next `times` page requests (default 1), only those for `skip` when given. */
export interface FaultTarget {
  readonly skip?: number;
  readonly times?: number;
}

interface ArmedFault {
  readonly fault: CartsFault;
  readonly skip: number | undefined;
  left: number;
}

/** The faults waiting for requests, in the order they were injected. */
export class FaultPlan {
  private readonly armed: ArmedFault[] = [];

  inject(fault: CartsFault, target: FaultTarget = {}): void {
    const times = target.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new CartsApiError('bad-fault', `times ${times} is not a whole number above 0`, 'pass times as how many requests the fault hits (default 1)');
    this.armed.push({ fault, skip: target.skip, left: times });
  }

  /** The fault that hits a request for `skip`, if one is armed for it; used up as it hits. */
  take(skip: number): CartsFault | undefined {
    const index = this.armed.findIndex((a) => a.skip === undefined || a.skip === skip);
    const armed = this.armed[index];
    if (armed === undefined) return undefined;
    if (--armed.left === 0) this.armed.splice(index, 1);
    return armed.fault;
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.armed.length;
  }
}
