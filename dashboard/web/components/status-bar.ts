import type { DashboardStatus, FilterNotice, WarehouseState } from '../../api-types.ts';
import { formatCell } from '../format.ts';

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

/** The banners, notices and freshness line of index.html. */
export class StatusBar {
  private readonly warehouse = byId('warehouse-banner');
  private readonly server = byId('server-banner');
  private readonly notices = byId('notices');
  private readonly freshness = byId('data-as-of');

  /** A banner naming the warehouse while it is down; hidden once it answers. */
  showWarehouse(state: WarehouseState): void {
    const down = state.state === 'down';
    this.warehouse.hidden = !down;
    this.warehouse.dataset.state = state.state;
    if (down) {
      this.warehouse.textContent = `The warehouse ${state.warehouse} is unreachable: ${state.error ?? 'no answer'}. The figures below may be stale; the dashboard reconnects by itself.`;
    }
  }

  showServerLost(lost: boolean): void {
    this.server.hidden = !lost;
  }

  /** URL values the server ignored, each with its reason; an empty list clears them. */
  showNotices(notices: readonly FilterNotice[]): void {
    this.notices.replaceChildren(
      ...notices.map((notice) => {
        const item = document.createElement('li');
        item.dataset.param = notice.param;
        item.textContent = `Filter from the URL ignored: ${notice.message}.`;
        return item;
      }),
    );
    this.notices.hidden = notices.length === 0;
  }

  showFreshness(status: DashboardStatus): void {
    const asOf = status.dataAsOf === null ? 'no sales yet' : formatCell(status.dataAsOf, 'datetime');
    const changed = status.lastChangeAt === null ? '' : ` · last update ${new Date(status.lastChangeAt).toLocaleTimeString('en-GB')}`;
    this.freshness.textContent = `Data as of ${asOf}${changed}`;
    if (status.dataAsOf !== null) this.freshness.dataset.asOf = status.dataAsOf;
  }
}
