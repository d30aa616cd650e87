/**
 * "What changed in the last N minutes" markers (Zabbix maps' most-liked feature, domain.md §2).
 * A bounded record of the latest change per entity; the map draws those inside the window.
 */
export type ChangeMark = {
  readonly key: string
  readonly levelId: string
  readonly x: number
  readonly y: number
  readonly at: number
}

/** Keeps at most `capacity` marks, the latest change per key, oldest evicted first. */
export class RecentChanges {
  readonly #capacity: number
  readonly #marks = new Map<string, ChangeMark>()
  #version = 0

  constructor(capacity = 5_000) {
    this.#capacity = capacity
  }

  get version(): number {
    return this.#version
  }

  record(mark: ChangeMark): void {
    // Re-inserting moves the key to the end of the Map's iteration order: the newest.
    this.#marks.delete(mark.key)
    this.#marks.set(mark.key, mark)
    if (this.#marks.size > this.#capacity) {
      const oldest = this.#marks.keys().next()
      if (!oldest.done) this.#marks.delete(oldest.value)
    }
    this.#version++
  }

  /** Marks on a level changed within `windowMs` of `now`, oldest first. */
  on(levelId: string, now: number, windowMs: number): ChangeMark[] {
    const out: ChangeMark[] = []
    for (const mark of this.#marks.values()) {
      if (mark.levelId === levelId && now - mark.at <= windowMs) out.push(mark)
    }
    return out
  }

  /** Drops marks older than `windowMs`, so memory follows the window, not the uptime. */
  prune(now: number, windowMs: number): void {
    for (const [key, mark] of this.#marks) {
      if (now - mark.at > windowMs) this.#marks.delete(key)
    }
  }
}
