import { readdirSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';

/**
 * Uploads a generated dataset's blobs/ folder (customers/…, countries/…) into a
 * container, creating it when missing: what the business's own systems do in
 * Azure, done here so the blob source has something to read. Returns the blob
 * names, in upload order (file-name order is time order).
 */
export async function uploadDatasetBlobs(connectionString: string, container: string, blobsDir: string): Promise<string[]> {
  const client = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  await client.createIfNotExists();
  const names = readdirSync(blobsDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.csv'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
  for (const name of names) {
    await client.getBlockBlobClient(name).uploadFile(path.join(blobsDir, name), { blobHTTPHeaders: { blobContentType: 'text/csv' } });
  }
  return names;
}
