import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, describe, expect, it } from 'vitest';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';

const service = BlobServiceClient.fromConnectionString(stackEndpoints().azurite.connectionString);
const container = service.getContainerClient(`blob-test-${randomBytes(4).toString('hex')}`);

describe('Azurite blob service', () => {
  afterAll(async () => {
    await container.deleteIfExists();
  });

  it('stores, lists and returns a blob, and deletes its container', async () => {
    await container.create();
    const content = 'CustomerID,FirstName,LastName\n1,Zoë,Ångström\n';
    const blob = container.getBlockBlobClient('customers/part-0001.csv');
    await blob.upload(content, Buffer.byteLength(content));

    const names: string[] = [];
    for await (const item of container.listBlobsFlat({ prefix: 'customers/' })) names.push(item.name);
    expect(names).toEqual(['customers/part-0001.csv']);

    expect((await blob.downloadToBuffer()).toString('utf8')).toBe(content);

    await container.delete();
    expect(await container.exists()).toBe(false);
  });
});
