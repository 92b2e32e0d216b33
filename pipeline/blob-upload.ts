import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';

/** The blob names a dataset's blobs/ folder holds: every CSV file's path under it, `/`-separated, in name order (file-name order is time order). */
export function datasetBlobNames(blobsDir: string): string[] {
  return readdirSync(blobsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.csv'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/**
 * Uploads a dataset's blobs/ folder (customers/…, countries/…) into a
 * container, creating it when missing: what the business's own systems do in
 * Azure, done here so the blob source has something to read. A dataset without
 * blobs/ uploads nothing. Returns the blob names, in upload order.
 */
export async function uploadDatasetBlobs(connectionString: string, container: string, blobsDir: string): Promise<string[]> {
  const client = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  await client.createIfNotExists();
  const names = existsSync(blobsDir) ? datasetBlobNames(blobsDir) : [];
  for (const name of names) {
    await client.getBlockBlobClient(name).uploadFile(path.join(blobsDir, name), { blobHTTPHeaders: { blobContentType: 'text/csv' } });
  }
  return names;
}
