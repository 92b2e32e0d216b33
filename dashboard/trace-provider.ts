/**
 * Answers "where does this gold row come from" (medallion trace) for the
 * dashboard's /api/trace and its links. The dashboard cannot read topics
 * itself, so whoever starts it injects one, as with the pipeline status.
 */
export interface TraceProvider {
  /** The trace as JSON; a MedallionError for a table or key it cannot answer for. `page` pages an aggregate row's sales (after a sale_id, at most limit). */
  trace(table: string, key: string, page?: { readonly after?: string; readonly limit?: number }): Promise<unknown>;
}
