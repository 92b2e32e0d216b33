import type { TransportKind } from '../../transport/transport.ts';
import type { Refusal } from '../contract/dead-letters.ts';
import type { PollEvent } from '../contract/source-metrics.ts';

/**
 * What the carts source reports, as it happens. Only the CLI prints them; the
 * metrics and status are folds over them. `url` is a page's request URL (its
 * carts' source_uri).
 */
export type CartsSourceEvent =
  | { readonly kind: 'started'; readonly transport: TransportKind; readonly url: string; readonly nextSkip: number; readonly lastCartId: number }
  | {
      readonly kind: 'batch-committed';
      readonly entity: 'carts';
      readonly url: string;
      readonly skip: number;
      /** Carts on the page. */
      readonly rowsRead: number;
      readonly produced: number;
      readonly deadLettered: number;
      /** Carts on the page produced before (ids up to the last one produced): skipped. */
      readonly repeated: number;
    }
  | ({ readonly kind: 'cart-dead-lettered'; readonly url: string; readonly position: string } & Refusal)
  /** A page that is not a page of carts: one dead letter holding its body; the source moves on past it. */
  | { readonly kind: 'page-dead-lettered'; readonly url: string; readonly skip: number; readonly detail: string; readonly nextSkip: number }
  /** Every cart the API lists has been read; the next poll asks for carts after them. */
  | { readonly kind: 'caught-up'; readonly nextSkip: number; readonly total: number | null }
  | Exclude<PollEvent, { readonly kind: 'batch-committed' }>;

export type CartsSourceEventKind = CartsSourceEvent['kind'];
