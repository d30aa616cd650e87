/**
 * A min-heap of future simulator events, ordered by time then by insertion, so two events due at
 * the same millisecond always run in the same order (determinism).
 */
export type ScheduledEvent = { readonly at: number; readonly seq: number; readonly run: () => void }

export class EventQueue {
  #heap: ScheduledEvent[] = []
  #seq = 0

  get size(): number {
    return this.#heap.length
  }

  schedule(at: number, run: () => void): void {
    const item: ScheduledEvent = { at, seq: this.#seq++, run }
    const heap = this.#heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(item, heap[parent] as ScheduledEvent)) break
      heap[i] = heap[parent] as ScheduledEvent
      i = parent
    }
    heap[i] = item
  }

  /** Removes and returns the earliest event due at or before `now`, if any. */
  popDue(now: number): ScheduledEvent | undefined {
    const heap = this.#heap
    const top = heap[0]
    if (top === undefined || top.at > now) return undefined
    const last = heap.pop() as ScheduledEvent
    if (heap.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        let mItem = last
        const li = heap[l]
        if (li !== undefined && before(li, mItem)) {
          m = l
          mItem = li
        }
        const ri = heap[r]
        if (ri !== undefined && before(ri, mItem)) {
          m = r
          mItem = ri
        }
        if (m === i) break
        heap[i] = mItem
        i = m
      }
      heap[i] = last
    }
    return top
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}
