/**
 * The durable journal behind MLLP's at-least-once delivery: one JSON line per acknowledged message
 * (control id, ack code, event type, time — never payload), appended and fsynced before the ACK
 * leaves. On start the seen ids are rebuilt from the file, so a message re-sent after a restart is
 * re-acknowledged with its original code and not applied twice.
 *
 * Bounded: ids older than `maxAgeMs` or beyond the newest `maxEntries` are forgotten, and the file
 * is compacted (rewritten to a temp file, fsynced, renamed) when it holds twice that many lines.
 * Appends are group-committed: messages arriving on many connections during one fsync share the next.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

export const journalEntrySchema = z.object({
  id: z.string().min(1).max(512),
  ack: z.enum(['AA', 'AE', 'AR']),
  at: z.number().int().nonnegative(),
  event: z.string().max(16),
})
export type JournalEntry = z.infer<typeof journalEntrySchema>

export type AckJournalOptions = {
  readonly dir: string
  /** File name inside `dir`, e.g. "<adapter id>.acks.jsonl". */
  readonly fileName: string
  readonly maxEntries: number
  readonly maxAgeMs: number
  readonly now: () => number
}

type Pending = {
  readonly line: string
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

export class AckJournal {
  readonly path: string
  readonly #options: AckJournalOptions
  readonly #seen = new Map<string, JournalEntry>()
  #handle: FileHandle | null = null
  #lines = 0
  #queue: Pending[] = []
  #running = false
  #compactionError: unknown = null
  #idle: Promise<void> = Promise.resolve()
  /** Lines that could not be read at open (a torn last write after a crash). */
  readonly skippedLines: number

  private constructor(options: AckJournalOptions, skippedLines: number) {
    this.#options = options
    this.path = join(options.dir, options.fileName)
    this.skippedLines = skippedLines
  }

  /** Opens (creating when absent) and rebuilds the seen ids. */
  static async open(options: AckJournalOptions): Promise<AckJournal> {
    await mkdir(options.dir, { recursive: true })
    const path = join(options.dir, options.fileName)
    let text = ''
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
    let skipped = 0
    const entries: JournalEntry[] = []
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      const parsed = journalEntrySchema.safeParse(safeJson(line))
      if (parsed.success) entries.push(parsed.data)
      else skipped++
    }
    const journal = new AckJournal(options, skipped)
    for (const entry of entries) journal.#remember(entry)
    journal.#prune()
    journal.#lines = entries.length
    // Rewrite now when the file carries a torn line or forgotten ids, so appends start clean.
    if (skipped > 0 || journal.#seen.size < entries.length) await journal.#compact()
    journal.#handle = await open(path, 'a')
    return journal
  }

  get size(): number {
    return this.#seen.size
  }

  /** The entry recorded for a control id, if it was acknowledged before. */
  lookup(id: string): JournalEntry | undefined {
    return this.#seen.get(id)
  }

  /** Appends and fsyncs; resolves once the entry is durable. */
  commit(entry: JournalEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({
        line,
        resolve: () => {
          this.#remember(entry)
          resolve()
        },
        reject,
      })
      if (!this.#running) {
        // Set before the first await inside #flush, so no commit can slip between "queue empty" and "idle".
        this.#running = true
        this.#idle = this.#flush()
      }
    })
  }

  async close(): Promise<void> {
    await this.#idle
    const handle = this.#handle
    this.#handle = null
    if (handle !== null) await handle.close()
  }

  async #flush(): Promise<void> {
    // `#running` is cleared in the same synchronous step that finds the queue empty.
    while (this.#queue.length > 0) {
      const batch = this.#queue
      this.#queue = []
      try {
        const handle = this.#handle
        if (handle === null) throw new Error('journal is closed')
        await handle.write(batch.map((p) => p.line).join(''))
        await handle.datasync()
        this.#lines += batch.length
        for (const p of batch) p.resolve()
      } catch (error) {
        for (const p of batch) p.reject(error)
        continue
      }
      this.#prune()
      if (this.#lines > 2 * this.#options.maxEntries) {
        try {
          await this.#compactOpen()
        } catch (error) {
          // The appends are durable already; compaction is retried after the next commit.
          this.#compactionError = error
        }
      }
    }
    this.#running = false
  }

  /** The last compaction failure, for diagnostics; appends carry on regardless. */
  get compactionError(): unknown {
    return this.#compactionError
  }

  #remember(entry: JournalEntry): void {
    // Re-insert so Map order stays oldest-first by last commit.
    this.#seen.delete(entry.id)
    this.#seen.set(entry.id, entry)
  }

  #prune(): void {
    const cutoff = this.#options.now() - this.#options.maxAgeMs
    for (const [id, entry] of this.#seen) {
      if (this.#seen.size <= this.#options.maxEntries && entry.at >= cutoff) break
      this.#seen.delete(id)
    }
  }

  async #compactOpen(): Promise<void> {
    const handle = this.#handle
    this.#handle = null
    if (handle !== null) await handle.close()
    try {
      await this.#compact()
    } finally {
      this.#handle = await open(this.path, 'a')
    }
  }

  async #compact(): Promise<void> {
    const tmp = `${this.path}.tmp`
    const out = await open(tmp, 'w')
    try {
      const lines = [...this.#seen.values()].map((e) => `${JSON.stringify(e)}\n`).join('')
      await out.write(lines)
      await out.sync()
    } finally {
      await out.close()
    }
    await rename(tmp, this.path)
    // fsync the directory so the rename itself survives a power cut.
    const dir = await open(this.#options.dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
    this.#lines = this.#seen.size
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return null
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT'
}
