import { FileSource } from '../connectors/file-source/file-source.ts';
import type { FileSourceEvent } from '../connectors/file-source/file-source-events.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { fileSourceSerde } from '../connectors/file-source/file-ingest.ts';
import { InProcessLog } from '../transport/in-process/in-process-log.ts';
import { openTransport } from '../transport/open-transport.ts';
import type { Transport } from '../transport/transport.ts';

export interface EmbeddedPipelineOptions {
  /** The watched CSV folder. */
  readonly landing: string;
  /** Where the file source moves finished files, and unreadable ones. */
  readonly archive: string;
  readonly quarantine: string;
  readonly onFileSourceEvent?: (event: FileSourceEvent) => void;
}

/** The pipeline of embedded mode, in one process: the in-process log, the embedded registry, and the sources. */
export interface EmbeddedPipeline {
  readonly transport: Transport;
  readonly fileSource: FileSource;
  stop(): Promise<void>;
}

// A demo wants files read as soon as they are written, and finished soon after.
const SETTLE_MS = 300;
const FINISH_MS = 1500;

export async function startEmbeddedPipeline(options: EmbeddedPipelineOptions): Promise<EmbeddedPipeline> {
  const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
  const registry = await embeddedRegistry();
  try {
    const fileSource = await FileSource.start({
      landing: options.landing,
      archive: options.archive,
      quarantine: options.quarantine,
      settleMs: SETTLE_MS,
      finishMs: FINISH_MS,
      transport,
      serde: fileSourceSerde(registry),
      ...(options.onFileSourceEvent === undefined ? {} : { onEvent: options.onFileSourceEvent }),
    });
    return {
      transport,
      fileSource,
      async stop() {
        await fileSource.stop();
        await transport.close();
      },
    };
  } catch (error) {
    await transport.close();
    throw error;
  }
}
