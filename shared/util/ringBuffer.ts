/**
 * Bounded buffers. docs/architecture.md: "Unbounded arrays are bugs" — a wall runs for weeks, so every history
 * (sparkline samples, completed cleaning turnarounds) lives in a fixed-capacity ring that overwrites
 * its oldest entry.
 */

/** A fixed-capacity FIFO that drops its oldest item when full. Index 0 is the oldest item. */
export class RingBuffer<T> {
  readonly capacity: number
  #items: (T | undefined)[]
  #start = 0
  #size = 0

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`ring buffer capacity must be a positive integer, got ${capacity}`)
    this.capacity = capacity
    this.#items = new Array<T | undefined>(capacity)
  }

  /** How many items the buffer holds now (never more than `capacity`). */
  get size(): number {
    return this.#size
  }

  /** Appends an item; returns the item it evicted, if the buffer was full. */
  push(item: T): T | undefined {
    if (this.#size < this.capacity) {
      this.#items[(this.#start + this.#size) % this.capacity] = item
      this.#size += 1
      return undefined
    }
    const evicted = this.#items[this.#start]
    this.#items[this.#start] = item
    this.#start = (this.#start + 1) % this.capacity
    return evicted
  }

  /** The item at `index` (0 = oldest), or undefined out of range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.#size) return undefined
    return this.#items[(this.#start + index) % this.capacity]
  }

  /** The newest item, or undefined when empty. */
  last(): T | undefined {
    return this.at(this.#size - 1)
  }

  /** Replaces the newest item (used to update the current bucket of a time series). */
  replaceLast(item: T): void {
    if (this.#size === 0) throw new Error('replaceLast on an empty ring buffer')
    this.#items[(this.#start + this.#size - 1) % this.capacity] = item
  }

  /** Visits items oldest first. */
  forEach(visit: (item: T, index: number) => void): void {
    for (let i = 0; i < this.#size; i += 1) visit(this.#items[(this.#start + i) % this.capacity] as T, i)
  }

  /** A copy of the items, oldest first. */
  toArray(): T[] {
    const out: T[] = []
    this.forEach((item) => out.push(item))
    return out
  }

  clear(): void {
    this.#items = new Array<T | undefined>(this.capacity)
    this.#start = 0
    this.#size = 0
  }
}

/** A time series sample: epoch ms and a value (null when the value could not be computed). */
export type Sample = { readonly t: number; readonly v: number | null }

/**
 * A bounded time series with one sample per bucket (e.g. one per minute for 12 h = 720 samples),
 * for sparklines. Recording twice in the same bucket replaces the bucket's value, so the caller can
 * record as often as it computes (every second) without the history growing faster than the bucket.
 */
export class SampleRing {
  readonly bucketMs: number
  readonly #ring: RingBuffer<Sample>
  #version = 0

  constructor(capacity: number, bucketMs: number) {
    if (!(bucketMs > 0)) throw new Error(`bucketMs must be positive, got ${bucketMs}`)
    this.bucketMs = bucketMs
    this.#ring = new RingBuffer<Sample>(capacity)
  }

  get size(): number {
    return this.#ring.size
  }

  get capacity(): number {
    return this.#ring.capacity
  }

  /** Rises whenever the series changed (a new bucket, or a new value in the newest): a chart redraws on it. */
  get version(): number {
    return this.#version
  }

  /**
   * Records `v` at time `t`. The sample is stamped at the start of its bucket; a sample older than
   * the newest bucket is ignored (clocks only move forward on a wall, and a late sample must not
   * reorder the series).
   */
  record(t: number, v: number | null): void {
    const bucketStart = Math.floor(t / this.bucketMs) * this.bucketMs
    const last = this.#ring.last()
    if (last !== undefined) {
      if (bucketStart === last.t) {
        if (last.v === v) return
        this.#ring.replaceLast({ t: bucketStart, v })
        this.#version += 1
        return
      }
      if (bucketStart < last.t) return
    }
    this.#ring.push({ t: bucketStart, v })
    this.#version += 1
  }

  /**
   * Puts older samples (a gateway's history) before what was recorded here, so a fresh window's
   * chart starts with the past instead of one point. Each is stamped at its bucket's start; only
   * samples older than the oldest recorded bucket are taken (what this window recorded itself wins,
   * and nothing lands after a live sample), one per bucket (the latest given), oldest first. When
   * more than `capacity` samples result, the oldest are dropped. Samples with a time or value that
   * is not a finite number are skipped. Returns how many were added.
   */
  seed(samples: Iterable<Sample>): number {
    const first = this.#ring.at(0)
    const byBucket = new Map<number, number | null>()
    for (const s of samples) {
      if (!Number.isFinite(s.t) || (s.v !== null && !Number.isFinite(s.v))) continue
      const bucketStart = Math.floor(s.t / this.bucketMs) * this.bucketMs
      if (first !== undefined && bucketStart >= first.t) continue
      byBucket.set(bucketStart, s.v)
    }
    if (byBucket.size === 0) return 0
    const older = [...byBucket].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }))
    const recorded = this.#ring.toArray()
    const merged = [...older, ...recorded].slice(-this.#ring.capacity)
    const added = merged.length - recorded.length
    if (added <= 0) return 0
    this.#ring.clear()
    for (const s of merged) this.#ring.push(s)
    this.#version += 1
    return added
  }

  /** The newest sample, or undefined when empty. */
  last(): Sample | undefined {
    return this.#ring.last()
  }

  /**
   * Whether at least `n` samples have a value (not null): a chart draws a line from two. Scans from
   * the newest and stops at the `n`th, so a series with values answers in a few steps.
   */
  hasValues(n: number): boolean {
    let found = 0
    for (let i = this.#ring.size - 1; i >= 0 && found < n; i -= 1) {
      const v = this.#ring.at(i)?.v
      if (v !== undefined && v !== null) found += 1
    }
    return found >= n
  }

  /** The oldest sample, or undefined when empty. */
  first(): Sample | undefined {
    return this.#ring.at(0)
  }

  /** Columnar arrays for a chart (uPlot's `[xs, ys]`), times in seconds as uPlot expects. */
  toColumns(): [number[], (number | null)[]] {
    const xs: number[] = []
    const ys: (number | null)[] = []
    this.#ring.forEach((s) => {
      xs.push(s.t / 1000)
      ys.push(s.v)
    })
    return [xs, ys]
  }

  /** The samples, oldest first. */
  toArray(): Sample[] {
    return this.#ring.toArray()
  }
}
