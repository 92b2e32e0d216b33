/**
 * What the dashboard's server sends its page: the JSON of /api/* and the
 * server-sent events. Types only, imported by the server (dashboard/server/)
 * and the browser code (dashboard/web/) alike.
 */

export const PAGES = ['overview', 'trends', 'products', 'employees', 'customers', 'pipeline', 'topics', 'trace'] as const;
export type PageName = (typeof PAGES)[number];

/** The panels of each page, in the order the page shows them; /api/panel/<page>/<panel> serves each. */
export const PAGE_PANELS = {
  overview: ['kpis', 'channels', 'countries', 'categories', 'monthly'],
  trends: ['daily-revenue', 'daily-quantity', 'heatmap'],
  products: ['top-products', 'bottom-products', 'top-categories', 'bottom-categories', 'catalog', 'pareto'],
  employees: ['ranking', 'gender', 'hire-year'],
  customers: ['countries', 'cities', 'top-customers', 'new-returning'],
  pipeline: ['freshness', 'parts', 'layers', 'dead-letters', 'lag', 'connectors', 'alerts'],
  topics: ['topics', 'records'],
  trace: ['figures', 'sales'],
} as const satisfies Record<PageName, readonly string[]>;
export type PanelId<P extends PageName = PageName> = (typeof PAGE_PANELS)[P][number];

export const CHANNELS = ['store', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What products and categories are ranked by on the Products page. */
export const MEASURES = ['revenue', 'quantity'] as const;
export type Measure = (typeof MEASURES)[number];

/** The URL parameters the server validates; everything else in the query string is ignored. */
export const FILTER_PARAMS = ['from', 'to', 'country', 'category', 'channel', 'top', 'measure'] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

/** The Topics page's parameters: which topic, and which of its records (dashboard/topic-browser.ts's RecordQuery). */
export const TOPIC_PARAMS = ['topic', 'partition', 'offset', 'key', 'before', 'limit'] as const;
export type TopicParam = (typeof TOPIC_PARAMS)[number];

/** The Trace page's parameters: which gold row, and which page of an aggregate row's sales. */
export const TRACE_PARAMS = ['table', 'key', 'after', 'limit'] as const;

/** The parameters a page takes besides the filters. */
export const PAGE_PARAMS: Partial<Readonly<Record<PageName, readonly string[]>>> = { topics: TOPIC_PARAMS, trace: TRACE_PARAMS };

/** The filters in force after validation: only valid values, never the raw text of a bad one. */
export interface Filters {
  readonly from?: string;
  readonly to?: string;
  readonly country?: string;
  readonly category?: string;
  readonly channel?: Channel;
  /** N of the top/bottom panels. */
  readonly top?: number;
  readonly measure?: Measure;
}

/** A URL value the server refused and ignored. */
export interface FilterNotice {
  readonly param: FilterParam;
  readonly value: string;
  readonly message: string;
}

/** How a value is shown; `row` means the row's own `format` cell says (a table of mixed measures). */
export const VALUE_FORMATS = ['text', 'int', 'decimal', 'money', 'percent', 'date', 'datetime', 'row'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** Exact decimals travel as strings; counts as numbers. */
export type Cell = string | number | null;

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly format: ValueFormat;
}

/** One panel's data: the chart is drawn from it and it is shown as a table beside the chart. */
export interface PanelData {
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
  /** A sentence about what the numbers cover, e.g. the periods compared. */
  readonly note?: string;
  /** Why the panel has no data to show at all (nothing provides it), instead of rows. */
  readonly unavailable?: string;
  /** The query string of the same page that shows the next rows, when there are more. */
  readonly nextPage?: string;
}

export interface PanelResponse {
  readonly filters: Filters;
  readonly notices: readonly FilterNotice[];
  readonly data: PanelData;
}

/** The answer of a panel that could not be computed. */
export interface PanelFailure {
  readonly error: 'warehouse-unreachable' | 'query-failed' | 'not-found';
  readonly message: string;
}

export const WAREHOUSE_STATES = ['connecting', 'up', 'down'] as const;
export type WarehouseStateName = (typeof WAREHOUSE_STATES)[number];

export interface WarehouseState {
  readonly state: WarehouseStateName;
  /** host:port/database, never the password. */
  readonly warehouse: string;
  readonly error?: string;
  /** ISO time of the last state change. */
  readonly since: string;
}

export interface DashboardStatus {
  readonly warehouse: WarehouseState;
  /** The newest sale in gold.fact_sales (ISO), or null when there is none or the warehouse is down. */
  readonly dataAsOf: string | null;
  /** When the server last heard of a change to gold (ISO), null before the first. */
  readonly lastChangeAt: string | null;
}

export interface FilterOptions {
  readonly countries: readonly string[];
  readonly categories: readonly string[];
  readonly channels: readonly Channel[];
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

/** Server-sent event names and their data. */
export interface ServerEvents {
  readonly warehouse: WarehouseState;
  /** Tables changed since the last event; empty when everything may have (a reconnect). */
  readonly 'gold-changed': { readonly tables: readonly string[]; readonly at: string };
}
