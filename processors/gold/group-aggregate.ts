/**
 * What one sale line adds to an aggregate group (a day and channel, a product,
 * an employee, a customer).
 */
export interface Contribution {
  readonly orderId: string;
  readonly customerId: number;
  readonly quantity: number;
  /** The line's net amount in cents; null while its price is unknown (SQL's sum skips it). */
  readonly netCents: number | null;
  readonly soldAt: number;
}

/**
 * A group's running aggregate, exact under retraction: distinct counts and
 * min/max need the multiset of what was added (order ids, customers, sale times,
 * each with its number of lines), not just a running number. Adding a union is
 * merging the parts' aggregates; retracting undoes an addition exactly. A group
 * keeps only the multisets its gold row needs (`tracks`), since every sale line
 * sits in four groups.
 */
export interface Tracks {
  /** Distinct customers (employee_metrics.customers_served). */
  readonly customers?: boolean;
  /** First and last sale time (customer_metrics). */
  readonly times?: boolean;
}

export class GroupAggregate {
  lines = 0;
  quantity = 0;
  revenueCents = 0;
  /** Lines with a net amount: with none, SQL's sum is null. */
  revenueLines = 0;
  readonly orders = new Map<string, number>();
  readonly customers: Map<number, number> | undefined;
  readonly times: Map<number, number> | undefined;
  private extremes: readonly [number, number] | undefined;

  constructor(tracks: Tracks = {}) {
    this.customers = tracks.customers === true ? new Map() : undefined;
    this.times = tracks.times === true ? new Map() : undefined;
  }

  add(c: Contribution): void {
    this.apply(c, 1);
  }

  retract(c: Contribution): void {
    this.apply(c, -1);
  }

  merge(other: GroupAggregate): void {
    this.lines += other.lines;
    this.quantity += other.quantity;
    this.revenueCents += other.revenueCents;
    this.revenueLines += other.revenueLines;
    for (const [order, n] of other.orders) bump(this.orders, order, n);
    if (this.customers !== undefined) for (const [customer, n] of other.customers ?? []) bump(this.customers, customer, n);
    if (this.times !== undefined) for (const [time, n] of other.times ?? []) bump(this.times, time, n);
    this.extremes = undefined;
  }

  get empty(): boolean {
    return this.lines === 0;
  }

  /** SQL's sum(net_amount): null when no line has one. */
  get revenue(): number | null {
    return this.revenueLines === 0 ? null : this.revenueCents;
  }

  get customersServed(): number {
    return this.customers?.size ?? 0;
  }

  get firstSoldAt(): number | null {
    return this.bounds()?.[0] ?? null;
  }

  get lastSoldAt(): number | null {
    return this.bounds()?.[1] ?? null;
  }

  /** Min and max of the times, kept across additions; only retracting an extreme makes it scan again. */
  private bounds(): readonly [number, number] | undefined {
    if (this.times === undefined || this.times.size === 0) return undefined;
    if (this.extremes === undefined) {
      let [min, max] = [Infinity, -Infinity];
      for (const time of this.times.keys()) [min, max] = [Math.min(min, time), Math.max(max, time)];
      this.extremes = [min, max];
    }
    return this.extremes;
  }

  /** Adds (1) or retracts (-1) a contribution. */
  apply(c: Contribution, sign: 1 | -1): void {
    this.lines += sign;
    this.quantity += sign * c.quantity;
    if (c.netCents !== null) {
      this.revenueCents += sign * c.netCents;
      this.revenueLines += sign;
    }
    bump(this.orders, c.orderId, sign);
    if (this.customers !== undefined) bump(this.customers, c.customerId, sign);
    if (this.times !== undefined) {
      bump(this.times, c.soldAt, sign);
      const extremes = this.extremes;
      if (extremes !== undefined) {
        if (sign === 1) {
          // A new pair only when an extreme moves: most lines fall inside the range.
          if (c.soldAt < extremes[0] || c.soldAt > extremes[1]) this.extremes = [Math.min(extremes[0], c.soldAt), Math.max(extremes[1], c.soldAt)];
        } else if (!this.times.has(c.soldAt) && (c.soldAt === extremes[0] || c.soldAt === extremes[1])) this.extremes = undefined;
      }
    }
  }
}

function bump<K>(counts: Map<K, number>, key: K, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}
