import { producerClosed, transactionEnded, transactionInProgress, TransportError } from '../transport-error.ts';
import type { OutgoingRecord, Transaction, TransactionalProducer } from '../transport.ts';
import type { GroupCommit } from './group-offsets.ts';
import { InProcessConsumer } from './in-process-consumer.ts';
import type { InProcessLog } from './in-process-log.ts';

/**
 * A transactional producer on the in-process log: a transaction's records wait in
 * a list and are appended in one step on commit, or dropped when its work throws;
 * consumed positions sent with it commit in that same step.
 */
export class InProcessProducer implements TransactionalProducer {
  private open = false;
  private closed = false;

  constructor(
    private readonly log: InProcessLog,
    private readonly transactionalId: string,
    private readonly epoch: number,
  ) {}

  async transaction<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T> {
    if (this.closed) throw producerClosed(this.transactionalId);
    if (this.open) throw transactionInProgress(this.transactionalId);
    this.log.checkEpoch(this.transactionalId, this.epoch);
    this.open = true;
    const pending: OutgoingRecord[] = [];
    const offsets: GroupCommit[] = [];
    let ended = false;
    const tx: Transaction = {
      send: (records) => {
        if (ended) throw transactionEnded(this.transactionalId);
        for (const record of records) {
          this.log.validate(record);
          pending.push(record);
        }
      },
      sendOffsets: (consumer, positions) => {
        if (ended) throw transactionEnded(this.transactionalId);
        if (!(consumer instanceof InProcessConsumer)) {
          throw new TransportError('invalid-request', `producer "${this.transactionalId}" was sent the offsets of a consumer of another transport`, 'send offsets of a consumer opened on the same in-process log');
        }
        offsets.push(consumer.groupCommit(positions));
      },
    };
    try {
      const result = await work(tx);
      this.log.commit(this.transactionalId, this.epoch, pending, offsets);
      return result;
    } finally {
      ended = true;
      this.open = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
