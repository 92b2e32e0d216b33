/**
 * The key under which a value the contract does not know is kept in `extras`.
 * Avro maps decode into plain JavaScript objects, where `__proto__` is the
 * prototype, not a key: a column of that name would vanish on the first write
 * or read. So it is kept as `__proto___<n>`, its 1-based position, the way a
 * blank header is kept as `column_<n>`.
 */
export function extrasKey(name: string, position: number): string {
  return name === '__proto__' ? `${name}_${position}` : name;
}
