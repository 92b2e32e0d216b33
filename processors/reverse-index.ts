/**
 * A reverse index kept in memory beside a processor's stores (sales by product,
 * cities by country): which members name a key, so a change of the key's record
 * finds what it touches without a scan. An emptied key is dropped, so an index
 * holds only keys that some member names.
 */
export function link<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
  let members = index.get(key);
  if (members === undefined) index.set(key, (members = new Set()));
  members.add(member);
}

export function unlink<K, M>(index: Map<K, Set<M>>, key: K, member: M): void {
  const members = index.get(key);
  if (members === undefined) return;
  members.delete(member);
  if (members.size === 0) index.delete(key);
}
