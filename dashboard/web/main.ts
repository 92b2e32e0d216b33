import type { FilterNotice, PageName, ServerEvents } from '../api-types.ts';
import { fetchOptions, fetchPanel, fetchStatus, PanelRequestError } from './api.ts';
import './charts/chart-theme.ts';
import { FilterBar } from './components/filter-bar.ts';
import { PanelView } from './components/panel-view.ts';
import { StatusBar } from './components/status-bar.ts';
import { PAGE_SPECS } from './pages/pages.ts';
import { type FilterPatch, href, patched, readLocation, type ViewState } from './url-state.ts';

/**
 * The dashboard page: the URL says which page and filters are shown; a filter
 * change or a click pushes a new URL and redraws; the server's events refresh
 * the open page when gold changes and show whether the warehouse answers.
 */
class DashboardApp {
  private view: ViewState = readLocation();
  private panels: PanelView[] = [];
  private refreshes = 0;
  private readonly status = new StatusBar();
  private readonly filters = new FilterBar((patch) => this.filter(patch));
  private readonly main = document.getElementById('panels') as HTMLElement;
  private readonly heading = document.getElementById('page-title') as HTMLElement;

  start(): void {
    for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a[data-page]'))) {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        this.navigate({ page: link.dataset.page as PageName, params: this.view.params });
      });
    }
    window.addEventListener('popstate', () => {
      this.view = readLocation();
      this.render();
    });
    this.listen();
    this.loadFacts();
    this.render();
  }

  private navigate(view: ViewState): void {
    this.view = view;
    history.pushState(null, '', href(view));
    this.render();
  }

  /** A control's change: set what it says. */
  private filter(patch: FilterPatch): void {
    this.navigate({ page: this.view.page, params: patched(this.view.params, patch) });
  }

  /** A chart click: filter by the item, or clear that filter when it is already the one in force. */
  private crossFilter(patch: FilterPatch): void {
    const same = Object.entries(patch).every(([key, value]) => this.view.params.get(key) === value);
    const next = same ? Object.fromEntries(Object.keys(patch).map((key) => [key, undefined])) : patch;
    this.filter(next);
  }

  private render(): void {
    const spec = PAGE_SPECS[this.view.page];
    document.title = `${spec.title} · Medallion retail dashboard`;
    this.heading.textContent = spec.title;
    for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('nav a[data-page]'))) {
      const page = link.dataset.page as PageName;
      link.href = href({ page, params: this.view.params });
      if (page === this.view.page) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    for (const panel of this.panels) panel.dispose();
    this.panels = spec.panels.map((panel) => new PanelView(spec.page, panel, (patch) => this.crossFilter(patch)));
    this.main.replaceChildren(...this.panels.map((panel) => panel.element));
    this.main.dataset.page = spec.page;
    this.filters.show(spec, {});
    this.status.showNotices([]);
    this.refresh();
  }

  /** Reloads every panel of the open page; answers of an older refresh are dropped. */
  private refresh(): void {
    const refresh = ++this.refreshes;
    const { page, params } = this.view;
    const spec = PAGE_SPECS[page];
    let first = true;
    spec.panels.forEach((panelSpec, i) => {
      const view = this.panels[i];
      view?.loading();
      fetchPanel(page, panelSpec.id, params).then(
        (response) => {
          if (refresh !== this.refreshes) return;
          view?.show(response);
          if (first) {
            first = false;
            this.filters.show(spec, response.filters);
            if (response.notices.length > 0) this.refused(response.notices);
          }
        },
        (error: unknown) => {
          if (refresh !== this.refreshes) return;
          view?.fail(error instanceof PanelRequestError ? error.message : String(error));
        },
      );
    });
  }

  /** Shows what the server ignored and takes it out of the URL, so the URL says what is shown. */
  private refused(notices: readonly FilterNotice[]): void {
    this.status.showNotices(notices);
    const params = patched(this.view.params, Object.fromEntries(notices.map((n) => [n.param, undefined])));
    this.view = { page: this.view.page, params };
    history.replaceState(null, '', href(this.view));
  }

  private loadFacts(): void {
    fetchOptions().then((options) => this.filters.setOptions(options), () => {});
    fetchStatus().then((status) => this.status.showFreshness(status), () => {});
  }

  private listen(): void {
    const source = new EventSource('/api/events');
    let warehouseDown = false;
    const on = <E extends keyof ServerEvents>(event: E, handle: (data: ServerEvents[E]) => void): void => {
      source.addEventListener(event, (message) => handle(JSON.parse((message as MessageEvent<string>).data) as ServerEvents[E]));
    };
    on('warehouse', (state) => {
      this.status.showWarehouse(state);
      const recovered = warehouseDown && state.state === 'up';
      warehouseDown = state.state === 'down';
      if (recovered) {
        this.loadFacts();
        this.refresh();
      }
    });
    on('gold-changed', () => {
      this.loadFacts();
      this.refresh();
    });
    source.addEventListener('open', () => this.status.showServerLost(false));
    source.addEventListener('error', () => this.status.showServerLost(source.readyState !== EventSource.OPEN));
  }
}

new DashboardApp().start();
