/**
 * A Map that forgets its least recently used entries beyond a capacity, so
 * in-memory caches (the chat adapters' photo file_ids, seen updates and
 * messages and number lookups; the web's images and return checks) stay
 * small in a process that runs for months.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  private readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-inserting moves the key to the newest end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
