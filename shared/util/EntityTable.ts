/**
 * A versioned, read-only view of a mutable `Map`: the entity collection of one topic.
 *
 * Why not an immutable `Record` copied on every change: at the bench scale (40,000 tags moving,
 * 5,000 events/s) copying a 40k-key object per flush costs tens of milliseconds, and `for…in`
 * over a dictionary-mode object is ~30× slower than iterating a `Map` (measured on our 2-core
 * machines: 17 ms vs 0.5 ms per pass over 40k entities). So a topic's entities live in one `Map`
 * that only its owner (the hub replica, or the window store) mutates, and every change hands out
 * a NEW `EntityTable` object over the same storage with a higher `version`:
 * - consumers get a new reference whenever the contents changed (zustand, React memos, deck.gl
 *   `updateTriggers` all work by reference or by `version`), and O(changes) cost per update;
 * - an older view reads the current contents (it is a view, not a snapshot) — never keep one and
 *   expect it to stay as it was. Compare `version`s, not contents.
 *
 * A table is not structured-cloneable (its storage is private): to post entities across a
 * MessagePort, send `[...table.values()]`.
 */
export class EntityTable<T extends { readonly id: string }> implements ReadonlyMap<string, T> {
  readonly #store: Map<string, T>
  /** Rises by one with every change; equal versions of one table have equal contents. */
  readonly version: number

  private constructor(store: Map<string, T>, version: number) {
    this.#store = store
    this.version = version
  }

  /** An empty table. */
  static empty<T extends { readonly id: string }>(): EntityTable<T> {
    return new EntityTable<T>(new Map(), 0)
  }

  /** A new table (new storage) holding `entities`, keyed by id. */
  static of<T extends { readonly id: string }>(entities: Iterable<T>, version = 1): EntityTable<T> {
    const store = new Map<string, T>()
    for (const entity of entities) store.set(entity.id, entity)
    return new EntityTable(store, version)
  }

  /**
   * Applies upserts then removes to the shared storage. Returns a new view when anything changed
   * (an upsert of the very same object is no change), else this same view.
   */
  apply(upserts: Iterable<T>, removes: Iterable<string> = []): EntityTable<T> {
    let changed = false
    for (const entity of upserts) {
      if (this.#store.get(entity.id) === entity) continue
      this.#store.set(entity.id, entity)
      changed = true
    }
    for (const id of removes) {
      if (this.#store.delete(id)) changed = true
    }
    return changed ? new EntityTable(this.#store, this.version + 1) : this
  }

  get size(): number {
    return this.#store.size
  }
  get(id: string): T | undefined {
    return this.#store.get(id)
  }
  has(id: string): boolean {
    return this.#store.has(id)
  }
  forEach(callback: (value: T, key: string, map: ReadonlyMap<string, T>) => void): void {
    for (const [key, value] of this.#store) callback(value, key, this)
  }
  entries(): MapIterator<[string, T]> {
    return this.#store.entries()
  }
  keys(): MapIterator<string> {
    return this.#store.keys()
  }
  values(): MapIterator<T> {
    return this.#store.values()
  }
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.#store.entries()
  }
}
