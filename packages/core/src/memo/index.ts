/**
 * A memo of values that never change for their key (a parsed document, a signature, a
 * zone's offset), shared by every request. Bounded the simplest way: when it holds
 * `limit` entries it forgets them all and fills again, which costs a few misses and
 * never grows past the limit.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value of `key`, computed by `compute` the first time (and after a reset). */
  get(key: K, compute: (key: K) => V): V {
    if (this.entries.has(key)) {
      return this.entries.get(key) as V;
    }
    const value = compute(key);
    if (this.entries.size >= this.limit) {
      this.entries.clear();
    }
    this.entries.set(key, value);
    return value;
  }
}
