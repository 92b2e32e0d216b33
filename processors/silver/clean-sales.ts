import type { BronzeCart, BronzeSale } from '../../schemas/generated/bronze-types.ts';
import type { SilverSale } from '../../schemas/generated/silver-types.ts';
import { RecordRuleError } from '../runtime/processor-error.ts';
import { atScale, percentToFraction } from './decimals.ts';
import { atLeast, decimalWithin, isZero, requiredText } from './silver-rules.ts';

/** Sales channels: store sales from the CSV folder, online sales from cart lines. */
export const SALE_CHANNELS = ['store', 'online'] as const;
export type SaleChannel = (typeof SALE_CHANNELS)[number];

/** A store sale line (generator/README.md, expected/clean: `store-` ids, the product's price applies). */
export function cleanStoreSale(sale: BronzeSale): SilverSale {
  return {
    sale_id: `store-${sale.sales_id}`,
    channel: 'store',
    order_id: `store-${requiredText('transaction_number', sale.transaction_number)}`,
    sold_at: sale.sales_date,
    customer_id: sale.customer_id,
    employee_id: sale.sales_person_id,
    product_id: sale.product_id,
    quantity: atLeast('quantity', sale.quantity, 1),
    unit_price: null,
    // A blank discount means none.
    discount: sale.discount === null ? '0.0000' : decimalWithin('discount', sale.discount, 4, '0', '1'),
    total_amount: missingWhenZero('total_price', sale.total_price),
  };
}

/** Each line of a cart as an online sale: `online-<cart>-<product>`, the line's own price, the percentage as a fraction. */
export function cleanCartLines(cart: BronzeCart): SilverSale[] {
  if (cart.lines.length === 0) throw new RecordRuleError('missing-required', 'lines', '[]');
  const seen = new Set<number>();
  return cart.lines.map((line) => {
    // The sale id is cart and product: a product twice in one cart would be one sale twice.
    if (seen.has(line.product_id)) throw new RecordRuleError('duplicate-line', 'lines.product_id', String(line.product_id));
    seen.add(line.product_id);
    return {
      sale_id: `online-${cart.cart_id}-${line.product_id}`,
      channel: 'online',
      order_id: `online-${cart.cart_id}`,
      // The API's createdAt is our extension; without it the cart is as old as its reading.
      sold_at: cart.created_at ?? cart.lineage.ingested_at,
      customer_id: cart.user_id,
      employee_id: null,
      product_id: line.product_id,
      quantity: atLeast('lines.quantity', line.quantity, 1),
      unit_price: atScale(decimalWithin('lines.price', line.price, 2, '0'), 4),
      discount: line.discount_percentage === null ? '0.0000' : percentToFraction(decimalWithin('lines.discount_percentage', line.discount_percentage, 2, '0', '100')),
      total_amount: missingWhenZero('lines.discounted_total', line.discounted_total),
    };
  });
}

/** A source total: 0 or absent means missing (null); below 0 is refused. */
function missingWhenZero(field: string, total: string | null): string | null {
  if (total === null || isZero(total)) return null;
  return atScale(decimalWithin(field, total, 2, '0'), 2);
}
