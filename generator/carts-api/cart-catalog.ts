import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ALL_CARTS_PATH } from '../carts-api.ts';
import { CartsApiError } from './carts-api-error.ts';

/** A cart as the API serves it: dummyjson's shape, whatever fields it has, with a whole-number `id`. */
export type ApiCart = { readonly id: number } & Readonly<Record<string, unknown>>;

/**
 * The carts the server pages through, in id order, as a generated dataset's
 * api/carts/carts.json holds them; carts added at run time get the next ids and
 * come last, as new orders do on a live API.
 */
export class CartCatalog {
  private readonly carts: ApiCart[];

  constructor(carts: readonly ApiCart[] = []) {
    this.carts = [...carts].sort((a, b) => a.id - b.id);
  }

  /**
   * The carts of a dataset (`medallion generate --out DIR`, or a folder in its
   * layout): api/carts/carts.json, or without it every page file there
   * (dummyjson's `{"carts": […]}`) in name order, a later page's cart replacing
   * an earlier one of the same id.
   */
  static async fromDataset(dataset: string): Promise<CartCatalog> {
    const path = join(dataset, ALL_CARTS_PATH);
    const folder = dirname(path);
    const pages = (await readdir(folder).catch(noFolder)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
    if (pages.length === 0) {
      throw new CartsApiError('carts-file-missing', `${path} does not exist`, `generate a dataset first (medallion generate --out ${dataset}), or pass the folder a dataset was generated into`);
    }
    const files = pages.includes(basename(path)) ? [path] : pages.map((page) => join(folder, page));
    const byId = new Map<number, ApiCart>();
    for (const file of files) for (const cart of await cartsOf(file)) byId.set(cart.id, cart);
    return new CartCatalog([...byId.values()]);
  }

  get total(): number {
    return this.carts.length;
  }

  page(skip: number, limit: number): readonly ApiCart[] {
    return this.carts.slice(skip, limit === 0 ? undefined : skip + limit);
  }

  /** Appends carts as new orders: each gets the next id (its own `id` is replaced). Returns them as served. */
  add(carts: readonly Readonly<Record<string, unknown>>[]): ApiCart[] {
    const added = carts.map((cart, i) => {
      if (typeof cart !== 'object' || cart === null || Array.isArray(cart)) {
        throw new CartsApiError('bad-cart', `cart ${i + 1} of the ${carts.length} to add is not a JSON object`, 'send carts shaped like https://dummyjson.com/carts (userId, products[…])');
      }
      return { ...cart, id: this.nextId() + i };
    });
    this.carts.push(...added);
    return added;
  }

  private nextId(): number {
    return (this.carts[this.carts.length - 1]?.id ?? 0) + 1;
  }
}

const CARTS_SHAPE = 'write it as dummyjson\'s carts response, {"carts": [{"id": 1, "userId": …, "products": […]}, …]}, or generate the dataset again with medallion generate';

/** A missing api/carts/ is a dataset without carts; any other error is the folder's to report. */
function noFolder(error: NodeJS.ErrnoException): string[] {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
  throw error;
}

/** The carts of one file holding `{"carts": […]}`. */
async function cartsOf(path: string): Promise<ApiCart[]> {
  const text = await readFile(path, 'utf8');
  let carts: unknown;
  try {
    carts = (JSON.parse(text) as { carts?: unknown }).carts;
  } catch (error) {
    throw new CartsApiError('bad-carts-file', `${path} is not JSON (${(error as Error).message})`, CARTS_SHAPE, { cause: error });
  }
  if (!Array.isArray(carts) || !carts.every(isApiCart)) {
    throw new CartsApiError('bad-carts-file', `${path} has no "carts" array of carts with whole-number ids`, CARTS_SHAPE);
  }
  return carts;
}

function isApiCart(value: unknown): value is ApiCart {
  return typeof value === 'object' && value !== null && Number.isInteger((value as { id?: unknown }).id);
}
