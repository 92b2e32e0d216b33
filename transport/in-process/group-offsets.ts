import { consumerFenced } from '../transport-error.ts';
import { partitionKey, type PartitionOffset } from '../transport.ts';

/** The positions one transaction commits for one consumer group, as the consumer that read them joined it. */
export interface GroupCommit {
  readonly groupId: string;
  readonly generation: number;
  readonly offsets: readonly PartitionOffset[];
}

/**
 * Consumer groups of the in-process log: each group's committed positions and
 * its current generation. Joining a group starts a new generation, which fences
 * every older consumer of the group (like a rebalance that hands all partitions
 * to the newcomer): it may neither poll nor commit again.
 */
export class GroupOffsets {
  private readonly generations = new Map<string, number>();
  /** groupId → "topic\0partition" → the offset of the next record to read. */
  private readonly committed = new Map<string, Map<string, PartitionOffset>>();

  join(groupId: string): number {
    const generation = (this.generations.get(groupId) ?? 0) + 1;
    this.generations.set(groupId, generation);
    return generation;
  }

  /** Throws unless `generation` is still the group's newest. */
  check(groupId: string, generation: number): void {
    if (this.generations.get(groupId) !== generation) throw consumerFenced(groupId);
  }

  /** Stores the positions; callers check every generation first, so a commit never stops half way. */
  commit(commits: readonly GroupCommit[]): void {
    for (const { groupId, offsets } of commits) {
      let group = this.committed.get(groupId);
      if (group === undefined) this.committed.set(groupId, (group = new Map()));
      for (const offset of offsets) group.set(partitionKey(offset), { topic: offset.topic, partition: offset.partition, offset: offset.offset });
    }
  }

  /** The group's committed positions in `topics`, in topic then partition order. */
  positions(groupId: string, topics: readonly string[]): PartitionOffset[] {
    const group = this.committed.get(groupId);
    if (group === undefined) return [];
    return [...group.values()].filter((p) => topics.includes(p.topic)).sort((a, b) => topics.indexOf(a.topic) - topics.indexOf(b.topic) || a.partition - b.partition);
  }
}
