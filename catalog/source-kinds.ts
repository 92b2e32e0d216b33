/**
 * The kinds of source an entity arrives from (DESIGN.md, "The job"): CSV files
 * in the landing folder, CSV blobs in Azure Blob Storage, tables of the
 * operational MySQL database (its snapshot, then CDC), and the carts REST API.
 * Every kind but the API gives rows of scalar fields (tabular); a cart holds its lines.
 */
export const SOURCE_KINDS = { file: { tabular: true }, blob: { tabular: true }, mysql: { tabular: true }, api: { tabular: false } } as const;
export type SourceKind = keyof typeof SOURCE_KINDS;
