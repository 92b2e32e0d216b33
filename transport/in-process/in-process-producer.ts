import { producerClosed, transactionEnded, transactionInProgress } from '../transport-error.ts';
import type { OutgoingRecord, Transaction, TransactionalProducer } from '../transport.ts';
import type { InProcessLog } from './in-process-log.ts';

/**
 * A transactional producer on the in-process log: a transaction's records wait in
 * a list and are appended in one step on commit, or dropped when its work throws.
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
    let ended = false;
    const tx: Transaction = {
      send: (records) => {
        if (ended) throw transactionEnded(this.transactionalId);
        for (const record of records) {
          this.log.validate(record);
          pending.push(record);
        }
      },
    };
    try {
      const result = await work(tx);
      this.log.commit(this.transactionalId, this.epoch, pending);
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
