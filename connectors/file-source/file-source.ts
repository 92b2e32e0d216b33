import type { FileHandle } from 'node:fs/promises';
import { TransportError } from '../../transport/transport-error.ts';
import type { TransactionalProducer } from '../../transport/transport.ts';
import { nextSequenceAfter } from '../contract/source-checkpoints.ts';
import { checkpointRecord, restoreCheckpoints, type FileCheckpoint } from './checkpoint-store.ts';
import { entityOfFile, FILE_ENTITIES } from './entity-of-file.ts';
import { contentFingerprint, fileIdentity } from './file-identity.ts';
import { ingestRows, type IngestContext } from './file-ingest.ts';
import { moveInto } from './file-moves.ts';
import { openForReading, statOrUndefined } from './file-probes.ts';
import { FILE_SOURCE_DEFAULTS, resolveOptions, type FileSourceOptions, type ResolvedOptions } from './file-source-options.ts';
import type { FileSourceEvent, QuarantineReason } from './file-source-events.ts';
import { FileSourceMetrics, type FileSourceSnapshot } from './file-source-metrics.ts';
import { fileSourceTopics, fileSourceTopicSpecs } from './file-source-topics.ts';
import { FinishedFiles } from './finished-files.ts';
import { resumeFile } from './resume-file.ts';
import { TrackedFile } from './tracked-file.ts';
import { landingFiles, watchLanding, type LandingWatcher, type WatchChange } from './watcher.ts';

const MAX_RETRY_MS = 30_000;

/**
 * The file-source sidecar: watches the landing folder and produces every
 * complete CSV row of every file to bronze (or its dead-letter topic) exactly
 * once, in transactions that carry each file's checkpoint; finished files go to
 * the archive, unreadable ones to the quarantine. All work on files runs one
 * step at a time, so source_sequence follows processing order.
 */
export class FileSource {
  /** Settles when the sidecar stops: rejects with the error that stopped it, if one did. */
  readonly done: Promise<void>;

  private readonly files = new Map<string, TrackedFile>();
  private readonly finished = new FinishedFiles();
  private queue: Promise<void> = Promise.resolve();
  private watcher: LandingWatcher | undefined;
  private stopping = false;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  private readonly landing: string;
  private readonly archive: string;
  private readonly quarantine: string;
  private readonly settleMs: number;
  private readonly finishMs: number;

  private constructor(
    readonly metrics: FileSourceMetrics,
    options: ResolvedOptions,
    private readonly checkpoints: Map<string, FileCheckpoint>,
    private readonly ctx: IngestContext,
    private readonly producer: TransactionalProducer,
  ) {
    ({ landing: this.landing, archive: this.archive, quarantine: this.quarantine, settleMs: this.settleMs, finishMs: this.finishMs } = options);
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // A caller that only stops the sidecar need not handle `done`.
    this.done.catch(() => {});
    for (const checkpoint of checkpoints.values()) this.finished.remember(checkpoint);
  }

  static async start(options: FileSourceOptions): Promise<FileSource> {
    const resolved = await resolveOptions(options);
    const { landing, archive, quarantine, sourceName: name } = resolved;
    const topics = fileSourceTopics(options.topicPrefix);
    const { transport } = options;
    await transport.ensureTopics(fileSourceTopicSpecs(topics, resolved.partitions));
    // Open the producer first: it fences any older instance, so no transaction commits after the checkpoints are read.
    const producer = await transport.producer(`medallion.file-source.${name}`);
    const checkpoints = await restoreCheckpoints(transport, topics.checkpoints, name);
    const next = nextSequenceAfter(checkpoints.values());

    const metrics = new FileSourceMetrics();
    const emit = (event: FileSourceEvent): void => {
      metrics.record(event);
      options.onEvent?.(event);
    };
    const ctx: IngestContext = {
      source: name,
      topics,
      producer,
      serde: options.serde,
      sequence: { next },
      batchRows: resolved.batchRows,
      blockBytes: FILE_SOURCE_DEFAULTS.blockBytes,
      emit,
    };
    const source = new FileSource(metrics, resolved, checkpoints, ctx, producer);
    emit({ kind: 'started', transport: transport.kind, landing, archive, quarantine, checkpoints: checkpoints.size });
    await source.watch();
    return source;
  }

  snapshot(): FileSourceSnapshot {
    return this.metrics.snapshot();
  }

  /** Stops watching, lets the step in progress finish its transaction, and closes the producer; a failure that stopped it already is `done`'s to report. */
  async stop(): Promise<void> {
    if (this.stopping) return this.done.catch(() => {});
    this.halt();
    await this.queue;
    await this.producer.close();
    this.ctx.emit({ kind: 'stopped' });
    this.settle.resolve();
  }

  private async watch(): Promise<void> {
    // Watch first, then list: a file dropped in between is seen twice, which is harmless, never missed.
    this.watcher = await watchLanding(
      this.landing,
      (change, path) => this.onChange(change, path),
      (error) => this.fail(error),
    );
    const present = await landingFiles(this.landing);
    this.enqueue(() => this.takeOver(present));
  }

  /**
   * The files present at start are read in file-name order (the generator's name
   * order is time order): once the newest of them has settled, each gets its
   * step in that order.
   */
  private async takeOver(paths: readonly string[]): Promise<void> {
    const found: TrackedFile[] = [];
    for (const path of paths) {
      const file = await this.discover(path, false).catch((error: Error) => {
        this.ctx.emit({ kind: 'step-failed', path, error, retryInMs: this.finishMs });
        return undefined;
      });
      if (file !== undefined) found.push(file);
    }
    const wait = Math.max(0, ...found.map((file) => this.settleMs - (Date.now() - file.changedAt)));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    for (const file of found) this.enqueue(() => this.runStep(file));
  }

  private onChange(change: WatchChange, path: string): void {
    if (change !== 'removed') {
      this.enqueueDiscovery(path);
      return;
    }
    for (const file of this.files.values()) if (file.path === path && !file.done) this.arm(file, 0);
  }

  /** Work on files runs one piece at a time, in the order it was asked for. */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.stopping ? undefined : work())).catch((error: Error) => this.fail(error));
  }

  private enqueueDiscovery(path: string): void {
    this.enqueue(() =>
      this.discover(path, true).then(
        () => undefined,
        (error: Error) => {
        this.ctx.emit({ kind: 'step-failed', path, error, retryInMs: this.finishMs });
          setTimeout(() => this.enqueueDiscovery(path), this.finishMs).unref();
        },
      ),
    );
  }

  private arm(file: TrackedFile, delayMs: number): void {
    clearTimeout(file.timer);
    // The step that was running when stop() came must not leave a timer behind.
    if (this.stopping) return;
    file.timer = setTimeout(() => this.enqueue(() => this.runStep(file)), Math.max(0, delayMs));
  }

  /**
   * A path appeared or changed: find its file by identity (a moved file
   * continues), or start tracking it. `arm` gives the file its next step.
   */
  private async discover(path: string, arm: boolean): Promise<TrackedFile | undefined> {
    const stats = await statOrUndefined(path);
    if (stats === undefined || !stats.isFile()) return undefined;
    const identity = fileIdentity(stats);
    let file = this.files.get(identity);
    if (file !== undefined) {
      if (file.path !== path) {
        this.ctx.emit({ kind: 'file-moved', from: file.path, to: path, uri: file.uri });
        file.path = path;
      }
      if (!file.done && arm) this.arm(file, 0);
      return file.done ? undefined : file;
    }
    const checkpoint = this.checkpoints.get(identity);
    file = checkpoint === undefined ? undefined : await resumeFile(checkpoint, path, stats);
    if (file === undefined) {
      const entity = entityOfFile(path);
      if (entity === undefined) {
        await this.quarantineFile(path, 'unknown-entity', `its name starts with none of ${FILE_ENTITIES.join(', ')} (case-insensitive)`);
        return undefined;
      }
      file = new TrackedFile(identity, path, entity);
    }
    this.files.set(identity, file);
    file.size = stats.size;
    file.mtimeMs = stats.mtimeMs;
    // A file untouched for long enough before the sidecar saw it is already settled.
    file.changedAt = Math.min(Date.now(), stats.mtimeMs);
    this.ctx.emit({ kind: 'file-seen', path, uri: file.uri, entity: file.entity, size: stats.size, resumedAt: file.position });
    if (arm) this.arm(file, 0);
    return file;
  }

  private async runStep(file: TrackedFile): Promise<void> {
    if (file.done) return;
    try {
      await this.step(file);
      file.failures = 0;
    } catch (error) {
      if (error instanceof TransportError && (error.code === 'fenced' || error.code === 'closed')) {
        this.fail(error);
        return;
      }
      const retryInMs = Math.min(MAX_RETRY_MS, this.settleMs * 2 ** file.failures++);
      this.ctx.emit({ kind: 'step-failed', path: file.path, error: error as Error, retryInMs });
      this.arm(file, retryInMs);
    }
  }

  /**
   * One look at a file: wait until it has been unchanged for the settle time,
   * then produce its complete rows; once unchanged for the finish time, finish
   * and archive it.
   */
  private async step(file: TrackedFile): Promise<void> {
    const stats = await statOrUndefined(file.path);
    if (stats === undefined) {
      // Renamed or moved away (a rename is discovered under its new path) or deleted.
      this.ctx.emit({ kind: 'file-gone', path: file.path, uri: file.uri });
      return;
    }
    if (fileIdentity(stats) !== file.identity) {
      this.ctx.emit({ kind: 'file-gone', path: file.path, uri: file.uri });
      this.enqueueDiscovery(file.path);
      return;
    }
    if (stats.size !== file.size || stats.mtimeMs !== file.mtimeMs) {
      file.size = stats.size;
      file.mtimeMs = stats.mtimeMs;
      file.changedAt = Date.now();
      file.duplicateOf = null;
      file.duplicateCheckedAt = -1;
    }
    const quiet = Date.now() - file.changedAt;
    if (quiet < this.settleMs) return this.arm(file, this.settleMs - quiet);
    if (file.state !== 'reading') return this.archiveFile(file);
    if (stats.size < file.position) return this.quarantineTracked(file, 'unreadable', `it shrank to ${stats.size} bytes after ${file.position} were produced: a file must only grow`);

    const handle = await openForReading(file.path);
    if (handle === 'missing') return this.arm(file, 0);
    if (handle === 'denied') return this.quarantineTracked(file, 'unreadable', 'it cannot be opened for reading (permissions)');
    try {
      if (file.position === 0 && file.duplicateCheckedAt !== stats.size) {
        file.duplicateOf = await this.finished.identicalTo(handle, stats.size);
        file.duplicateCheckedAt = stats.size;
      }
      if (file.duplicateOf === null && file.readSize !== stats.size) {
        const read = await ingestRows(this.ctx, file, handle, stats.size, false);
        if (read.kind === 'unreadable') return await this.quarantineTracked(file, read.reason, unreadableDetail(read.reason, read.offset));
        file.readSize = stats.size;
      }
      if (quiet < this.finishMs) return this.arm(file, this.finishMs - quiet);
      await this.finish(file, handle, stats.size);
    } finally {
      await handle.close();
    }
  }

  /** The file has been quiet for the finish time: its last line counts even without a line break; then it is archived. */
  private async finish(file: TrackedFile, handle: FileHandle, size: number): Promise<void> {
    const duplicateOf = file.duplicateOf;
    if (duplicateOf === null) {
      const read = await ingestRows(this.ctx, file, handle, size, true);
      if (read.kind === 'unreadable') return this.quarantineTracked(file, read.reason, unreadableDetail(read.reason, read.offset));
    }
    const content = await contentFingerprint(handle);
    // Written to while finishing: not finished after all.
    if (content.length !== size) return this.arm(file, 0);
    const checkpoint = file.checkpoint(this.ctx.source, this.ctx.sequence.next, { state: duplicateOf === null ? 'finished' : 'duplicate', content });
    await this.producer.transaction((tx) => tx.send([checkpointRecord(this.ctx.topics.checkpoints, checkpoint)]));
    file.advance(checkpoint, file.layout);
    this.finished.remember(checkpoint);
    await this.archiveFile(file);
  }

  private async archiveFile(file: TrackedFile): Promise<void> {
    const from = file.path;
    const to = await moveInto(from, this.archive);
    this.forget(file);
    if (file.state === 'duplicate') this.ctx.emit({ kind: 'file-duplicate', path: from, sameAs: file.duplicateOf ?? file.uri, to });
    else this.ctx.emit({ kind: 'file-archived', path: from, uri: file.uri, entity: file.entity, to });
  }

  private async quarantineTracked(file: TrackedFile, reason: QuarantineReason, detail: string): Promise<void> {
    this.forget(file);
    await this.quarantineFile(file.path, reason, detail);
  }

  /** Moves a file the sidecar cannot use into the quarantine, saying why; the sidecar goes on. */
  private async quarantineFile(path: string, reason: QuarantineReason, detail: string): Promise<void> {
    let to: string | null = null;
    try {
      to = await moveInto(path, this.quarantine);
    } catch {
      // Reported below with `to: null`: the file stays where it is and is not read.
    }
    this.ctx.emit({ kind: 'file-quarantined', path, reason, detail, to });
  }

  private forget(file: TrackedFile): void {
    clearTimeout(file.timer);
    file.done = true;
    this.files.delete(file.identity);
  }

  private halt(): void {
    this.stopping = true;
    for (const file of this.files.values()) clearTimeout(file.timer);
    void this.watcher?.close();
  }

  private fail(error: Error): void {
    if (this.stopping) return;
    this.halt();
    void this.queue.then(() => this.producer.close()).finally(() => this.settle.reject(error));
  }
}

function unreadableDetail(reason: 'binary' | 'encoding', offset: number): string {
  return reason === 'binary' ? `it holds a NUL byte at byte ${offset}: binary data, not CSV text` : `it is not valid UTF-8 text (at or after byte ${offset}); save it as UTF-8`;
}
