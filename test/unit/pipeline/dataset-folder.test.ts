import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldersOverlap, readDatasetFolder } from '../../../pipeline/dataset-folder.ts';
import { DatasetProgress } from '../../../pipeline/dataset-progress.ts';
import { PipelineError } from '../../../pipeline/pipeline-error.ts';
import type { PipelineEvent } from '../../../pipeline/pipeline-events.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder holding `files` (path relative to it → content). */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dataset-folder-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const refusal = (dir: string): PipelineError => {
  try {
    readDatasetFolder(dir);
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error(`${dir} was not refused`);
};

describe('a dataset folder', () => {
  it('holds any of the layout’s parts; what each source will read is listed, hidden files and other suffixes left out', () => {
    const dir = folder({
      'landing/sales-0002.csv': 'SalesID\n1\n',
      'landing/sales-0001.csv': 'SalesID\n2\n',
      'landing/.sales-0003.csv.part': '',
      'landing/notes.txt': 'mine',
      'blobs/customers/customers-0001.csv': 'CustomerID\n1\n',
      'blobs/countries/readme.md': 'not a blob',
      'mysql/shop.sql': 'INSERT INTO categories VALUES (1, "x");',
      'api/carts/page-0001.json': '{"carts": []}',
      'expected/gold/fact_sales.csv': 'sale_id\n',
    });
    expect(readDatasetFolder(dir)).toEqual({
      dir,
      landingFiles: ['notes.txt', 'sales-0001.csv', 'sales-0002.csv'],
      blobs: ['customers/customers-0001.csv'],
      mysqlDump: join(dir, 'mysql', 'shop.sql'),
      carts: join(dir, 'api', 'carts'),
      expectedGold: join(dir, 'expected', 'gold'),
    });
    const landingOnly = folder({ 'landing/Products_2018.csv': 'ProductID\n1\n' });
    expect(readDatasetFolder(landingOnly)).toEqual({ dir: landingOnly, landingFiles: ['Products_2018.csv'], blobs: [], mysqlDump: undefined, carts: undefined, expectedGold: undefined });
  });

  it('is refused, naming the folder and the layout, when it does not exist, is a file, is empty or holds nothing a contract knows', () => {
    const parent = folder({ 'a-file.csv': 'x' });
    const cases = [
      [join(parent, 'nowhere'), 'dataset-missing', /the dataset folder .*nowhere does not exist/],
      [join(parent, 'a-file.csv'), 'dataset-not-a-folder', /a-file\.csv is a file, not a folder/],
      [folder({}), 'dataset-empty', /the dataset folder .* is empty/],
      [folder({ 'notes.txt': 'x', 'landing/readme.md': 'x', 'blobs/orders/orders-1.csv': 'x', 'api/carts/.hidden.json': '{}' }), 'dataset-unknown', /holds nothing a source contract knows \(found api\/carts\/\.hidden\.json, blobs\/orders\/orders-1\.csv, landing\/readme\.md, notes\.txt\)/],
    ] as const;
    for (const [dir, code, message] of cases) {
      const error = refusal(dir);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.message).toContain('landing/ (sales*, products*, employees* CSV files), blobs/<entity>/');
    }
    const emptyFolders = folder({});
    mkdirSync(join(emptyFolders, 'landing'));
    expect(refusal(emptyFolders).message).toMatch(/holds nothing a source contract knows \(found only the empty folder landing\)/);
  });

  it('is refused when mysql/ holds two dumps: embedded mode loads one snapshot', () => {
    const error = refusal(folder({ 'mysql/a.sql': '', 'mysql/b.sql': '' }));
    expect(error.code).toBe('dataset-ambiguous');
    expect(error.message).toMatch(/mysql holds 2 SQL dumps \(a\.sql, b\.sql\)[\s\S]*fix: keep one dump/);
  });

  it('overlaps a run folder that is it, inside it or above it, and no other', () => {
    expect(foldersOverlap('/data/mine', '/data/mine')).toBe(true);
    expect(foldersOverlap('/data/mine', '/data/mine/run')).toBe(true);
    expect(foldersOverlap('/data/mine', '/data')).toBe(true);
    expect(foldersOverlap('/data/mine', '/data/mine-run')).toBe(false);
    expect(foldersOverlap('/data/mine', '/data/..mine')).toBe(false);
  });
});

describe('the progress through a dataset folder', () => {
  const file = (kind: 'file-archived' | 'file-duplicate' | 'file-quarantined', path: string): PipelineEvent =>
    kind === 'file-quarantined'
      ? { part: 'file-source', event: { kind, path, reason: 'unknown-entity', detail: '', to: null } }
      : kind === 'file-duplicate'
        ? { part: 'file-source', event: { kind, path, sameAs: path, to: path } }
        : { part: 'file-source', event: { kind, path, uri: path, entity: 'sales', to: path } };

  it('is caught up once every landing file is done with, every blob read, the carts API read to its end and the snapshot loaded', () => {
    const progress = new DatasetProgress({ landingFiles: ['sales-1.csv', 'sales-2.csv', 'x.txt'], blobs: ['customers/c.csv', 'orders/o.csv'], mysqlDump: '/d/mysql/shop.sql' });
    const steps: PipelineEvent[] = [
      file('file-archived', '/w/landing/sales-1.csv'),
      file('file-duplicate', '/w/landing/sales-2.csv'),
      file('file-quarantined', '/w/landing/x.txt'),
      { part: 'blob-source', event: { kind: 'blob-ingested', name: 'customers/c.csv', url: 'u', entity: 'customers', etag: 'e' } },
      { part: 'blob-source', event: { kind: 'blob-ignored', name: 'orders/o.csv', etag: 'e', detail: '' } },
      { part: 'carts-source', event: { kind: 'caught-up', nextSkip: 0, total: 0 } },
    ];
    for (const step of steps) {
      expect(progress.caughtUp()).toBe(false);
      progress.record(step);
    }
    expect(progress.caughtUp()).toBe(false);
    progress.record({ part: 'mysql-snapshot', event: { kind: 'finished', produced: 1, deadLettered: 0 } });
    expect(progress.caughtUp()).toBe(true);
  });

  it('needs only the carts API read when the folder has nothing else, since its API always runs', () => {
    const progress = new DatasetProgress({ landingFiles: [], blobs: [], mysqlDump: undefined });
    progress.record({ part: 'blob-source', event: { kind: 'blob-ingested', name: 'customers/other.csv', url: 'u', entity: 'customers', etag: 'e' } });
    expect(progress.caughtUp()).toBe(false);
    progress.record({ part: 'carts-source', event: { kind: 'caught-up', nextSkip: 0, total: 0 } });
    expect(progress.caughtUp()).toBe(true);
  });
});
