import { isMedallionError } from '../../core/medallion-error.ts';
import type { Column, FilterOptions, Filters, Measure, PageName, PanelData, PanelId, ValueFormat } from '../api-types.ts';
import type { PipelineStatusProvider } from '../pipeline-status.ts';
import type { TopicBrowser } from '../topic-browser.ts';
import type { TraceProvider } from '../trace-provider.ts';
import type { WarehouseReader } from '../server/warehouse-client.ts';

/** What a panel's query gets: the warehouse, the validated filters and what the server knows besides. */
export interface PanelContext {
  readonly db: WarehouseReader;
  readonly filters: Filters;
  readonly options: FilterOptions;
  /** N of the top/bottom panels and what they rank by, defaults applied. */
  readonly top: number;
  readonly measure: Measure;
  readonly pipeline: PipelineStatusProvider | undefined;
  readonly topics: TopicBrowser | undefined;
  readonly trace: TraceProvider | undefined;
  /** The request's query string as sent, for the pages whose parameters are not filters (the Topics page). */
  readonly params: URLSearchParams;
  /** Per gold table, when the server last heard it change (ISO). */
  readonly changesSeen: ReadonlyMap<string, string>;
}

export type PanelQuery = (context: PanelContext) => Promise<PanelData>;

/** Every panel of a page, checked complete against PAGE_PANELS. */
export type PagePanels<P extends PageName> = { readonly [K in PanelId<P>]: PanelQuery };

/** A failure the user can act on (an unknown topic, an offset out of range, a key not in a table…) is the panel's message; anything else fails the request. */
export async function answered(columns: PanelData['columns'], read: () => Promise<PanelData>): Promise<PanelData> {
  try {
    return await read();
  } catch (error) {
    if (!isMedallionError(error)) throw error;
    return { columns, rows: [], unavailable: error.message.replace('\n  fix: ', '. Fix: ') };
  }
}

export function column(key: string, label: string, format: ValueFormat): Column {
  return { key, label, format };
}
