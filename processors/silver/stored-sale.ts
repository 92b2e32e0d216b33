import type { SilverSale } from '../../schemas/generated/silver-types.ts';

/**
 * A silver sale as a processor's store keeps it (its key, the sale_id, apart):
 * a tuple, so a million of them stay small, with times as epoch milliseconds so
 * it survives the changelog's JSON.
 */
export type StoredSale = readonly [
  channel: string,
  orderId: string,
  soldAt: number,
  customerId: number,
  employeeId: number | null,
  productId: number,
  quantity: number,
  unitPrice: string | null,
  discount: string,
  totalAmount: string | null,
];

export function storedSale(s: SilverSale): StoredSale {
  return [s.channel, s.order_id, s.sold_at.getTime(), s.customer_id, s.employee_id, s.product_id, s.quantity, s.unit_price, s.discount, s.total_amount];
}

/** The silver sale a stored one was made from (storedSale's inverse). */
export function silverSaleOf(saleId: string, sale: StoredSale): SilverSale {
  const [channel, orderId, soldAt, customerId, employeeId, productId, quantity, unitPrice, discount, totalAmount] = sale;
  return {
    sale_id: saleId,
    channel,
    order_id: orderId,
    sold_at: new Date(soldAt),
    customer_id: customerId,
    employee_id: employeeId,
    product_id: productId,
    quantity,
    unit_price: unitPrice,
    discount,
    total_amount: totalAmount,
  };
}
