import type { FilterOptions, Filters } from '../../api-types.ts';
import type { PageSpec } from '../pages/page-spec.ts';
import type { FilterPatch } from '../url-state.ts';

const DAY_MS = 86_400_000;
/** Quick date ranges, counted back from the newest sale (the data is history, not today). */
const PRESETS: Readonly<Record<string, number>> = { 'last-7': 7, 'last-30': 30, 'last-90': 90 };

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

function fill(select: HTMLSelectElement, allLabel: string, values: readonly string[]): void {
  const chosen = select.value;
  select.replaceChildren(new Option(allLabel, ''), ...values.map((value) => new Option(value, value)));
  select.value = values.includes(chosen) ? chosen : '';
}

/** The filter form of index.html: every control labelled, reachable by keyboard, and applied on change. */
export class FilterBar {
  private readonly form = byId<HTMLFormElement>('filters');
  private readonly from = byId<HTMLInputElement>('filter-from');
  private readonly to = byId<HTMLInputElement>('filter-to');
  private readonly range = byId<HTMLSelectElement>('filter-range');
  private readonly country = byId<HTMLSelectElement>('filter-country');
  private readonly category = byId<HTMLSelectElement>('filter-category');
  private readonly channel = byId<HTMLSelectElement>('filter-channel');
  private readonly top = byId<HTMLSelectElement>('filter-top');
  private readonly measure = byId<HTMLSelectElement>('filter-measure');
  private lastDate: string | null = null;

  constructor(onChange: (patch: FilterPatch) => void) {
    const on = (control: HTMLInputElement | HTMLSelectElement, patch: () => FilterPatch): void => {
      control.addEventListener('change', () => onChange(patch()));
    };
    on(this.from, () => ({ from: this.from.value }));
    on(this.to, () => ({ to: this.to.value }));
    on(this.range, () => this.preset(this.range.value));
    on(this.country, () => ({ country: this.country.value }));
    on(this.category, () => ({ category: this.category.value }));
    on(this.channel, () => ({ channel: this.channel.value }));
    on(this.top, () => ({ top: this.top.value }));
    on(this.measure, () => ({ measure: this.measure.value }));
    byId<HTMLButtonElement>('filter-clear').addEventListener('click', () =>
      onChange({ from: undefined, to: undefined, country: undefined, category: undefined, channel: undefined }),
    );
    this.form.addEventListener('submit', (event) => event.preventDefault());
  }

  setOptions(options: FilterOptions): void {
    fill(this.country, 'All countries', options.countries);
    fill(this.category, 'All categories', options.categories);
    for (const input of [this.from, this.to]) {
      input.min = options.firstDate ?? '';
      input.max = options.lastDate ?? '';
    }
    this.lastDate = options.lastDate;
  }

  /** Shows the page's controls and the filters in force (a refused URL value shows as no filter). */
  show(spec: PageSpec, filters: Filters): void {
    this.form.hidden = !spec.filters;
    for (const control of ['top', 'measure'] as const) {
      const wrapper = byId(`control-${control}`);
      wrapper.hidden = !spec.controls.includes(control);
    }
    this.from.value = filters.from ?? '';
    this.to.value = filters.to ?? '';
    this.country.value = filters.country ?? '';
    this.category.value = filters.category ?? '';
    this.channel.value = filters.channel ?? '';
    const top = String(filters.top ?? 10);
    if (!Array.from(this.top.options).some((option) => option.value === top)) this.top.add(new Option(top, top));
    this.top.value = top;
    this.measure.value = filters.measure ?? 'revenue';
    this.range.value = this.presetOf(filters);
  }

  private preset(name: string): FilterPatch {
    const days = PRESETS[name];
    if (days === undefined || this.lastDate === null) return { from: undefined, to: undefined };
    const last = Date.parse(`${this.lastDate}T00:00:00Z`);
    return { from: new Date(last - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: this.lastDate };
  }

  private presetOf(filters: Filters): string {
    if (filters.from === undefined && filters.to === undefined) return 'all';
    const match = Object.keys(PRESETS).find((name) => {
      const range = this.preset(name);
      return range.from === filters.from && range.to === filters.to;
    });
    return match ?? 'custom';
  }
}
