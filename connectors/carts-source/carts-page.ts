/** A page of the API as dummyjson serves it: the carts, and where they sit in the whole list. */
export interface CartsPage {
  readonly carts: readonly unknown[];
  readonly total: number;
  readonly skip: number;
}

/** The page a body holds, or why it is none (then the whole body is one dead letter). */
export function parsePage(body: Buffer): CartsPage | { readonly malformed: string } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { malformed: `not JSON: ${(error as Error).message}` };
  }
  const page = json as Partial<Record<keyof CartsPage, unknown>> | null;
  if (typeof page !== 'object' || page === null || Array.isArray(page)) return { malformed: 'not a JSON object' };
  if (!Array.isArray(page.carts)) return { malformed: 'no "carts" array' };
  if (!Number.isInteger(page.total) || !Number.isInteger(page.skip)) return { malformed: '"total" and "skip" must be whole numbers' };
  return { carts: page.carts, total: page.total as number, skip: page.skip as number };
}
