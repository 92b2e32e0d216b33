import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { fileSourceBehaviour } from './file-source-behaviour.ts';

// One log per file, shared by the sidecar and the test's readers, as in an embedded run.
const log = new InProcessLog();

fileSourceBehaviour('the in-process log', {
  open: async () => new InProcessTransport(log),
  registry: embeddedRegistry,
  dropTopics: async () => {},
});
