/**
 * The alarm journal: every lifecycle transition of the app instance's alarm engine, appended as
 * one JSON line and fsynced, so the record of who acknowledged what, when and why survives a crash,
 * a power cut and a restart (ISA-18.2 asks for an alarm history; IEC 62682 §16 for its retention).
 *
 * - Append-only JSON lines; records appended in one engine evaluation are written with one write
 *   and one fsync (a flood of 40 transitions costs one fsync, not 40).
 * - A torn last line (the process or machine died mid-write) is tolerated: on open it is logged,
 *   counted and cut off, so the next record starts on a clean line; nothing before it is lost.
 *   A corrupt line elsewhere is skipped and counted the same way.
 * - Bounded: past `maxBytes` the file rotates (`alarm-journal.jsonl` → `.1.jsonl` → … up to
 *   `keepFiles`), oldest dropped.
 *
 * In the browser host there is no file: the history is the engine's in-memory ring plus the
 * gateway's relay of alarm actions (see docs/alarms.md).
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { alarmTransitionSchema } from '../../shared/contracts/alarms.ts'
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import type { Logger } from './logger.ts'

export const JOURNAL_FILE = 'alarm-journal.jsonl'

export type AlarmJournalOptions = {
  /** Directory holding the journal (the app's userData/alarms). Created if missing. */
  readonly dir: string
  readonly log: Logger
  /** Rotate once the current file passes this size. */
  readonly maxBytes?: number
  /** Rotated files kept besides the current one. */
  readonly keepFiles?: number
  /**
   * How appended records are flushed: `microtask` (default) groups what one engine evaluation
   * appends into one write + fsync; `sync` writes and fsyncs every record before `append` returns.
   */
  readonly flush?: 'microtask' | 'sync'
}

export type JournalReadResult = {
  /** Every complete record, oldest first, across rotated files. */
  readonly records: readonly AlarmTransition[]
  /** Lines that were torn or did not validate, skipped. */
  readonly skipped: number
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024
const DEFAULT_KEEP_FILES = 4

function rotatedName(index: number): string {
  return `alarm-journal.${index}.jsonl`
}

/** Reads journal text: complete, valid lines only. */
export function parseJournalText(text: string): {
  records: AlarmTransition[]
  skipped: number
  tornTail: boolean
} {
  const records: AlarmTransition[] = []
  let skipped = 0
  const lines = text.split('\n')
  // Text not ending in a newline has a torn last line (an empty last element means it ended cleanly).
  const tail = lines.pop() ?? ''
  const tornTail = tail !== ''
  if (tornTail) skipped += 1
  for (const line of lines) {
    if (line === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      skipped += 1
      continue
    }
    const parsed = alarmTransitionSchema.safeParse(value)
    if (parsed.success) records.push(parsed.data)
    else skipped += 1
  }
  return { records, skipped, tornTail }
}

/** An open journal. Use `openAlarmJournal`. */
export type AlarmJournal = {
  /** What was on disk when the journal was opened. */
  readonly restored: JournalReadResult
  /** Appends a transition; durable once the current group is flushed (at once with `flush: 'sync'`). */
  append(transition: AlarmTransition): void
  /** Writes and fsyncs anything appended but not yet flushed. */
  flush(): void
  /** Every record currently on disk, oldest first (the history view's source after a restart). */
  readAll(): JournalReadResult
  close(): void
}

/**
 * Opens (or creates) the journal in `dir`, restoring what is there and repairing a torn tail.
 * Expected failures (a read-only disk) are logged; the app keeps running and alarms keep working.
 */
export function openAlarmJournal(options: AlarmJournalOptions): AlarmJournal {
  const { dir, log } = options
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const keepFiles = options.keepFiles ?? DEFAULT_KEEP_FILES
  const mode = options.flush ?? 'microtask'
  mkdirSync(dir, { recursive: true })
  const currentPath = join(dir, JOURNAL_FILE)

  const readAll = (): JournalReadResult => {
    const records: AlarmTransition[] = []
    let skipped = 0
    for (let i = keepFiles; i >= 0; i -= 1) {
      const path = i === 0 ? currentPath : join(dir, rotatedName(i))
      if (!existsSync(path)) continue
      const parsed = parseJournalText(readFileSync(path, 'utf8'))
      records.push(...parsed.records)
      skipped += parsed.skipped
    }
    return { records, skipped }
  }

  const restored = readAll()
  if (restored.skipped > 0) log.warn('alarm journal: skipped unreadable lines', { skipped: restored.skipped })

  let fd = openSync(currentPath, 'a+')
  repairTornTail(fd, log)
  let size = fstatSync(fd).size
  let buffer: string[] = []
  let scheduled = false
  let closed = false
  let failures = 0

  const rotate = (): void => {
    closeSync(fd)
    rmSync(join(dir, rotatedName(keepFiles)), { force: true })
    for (let i = keepFiles - 1; i >= 1; i -= 1) {
      const from = join(dir, rotatedName(i))
      if (existsSync(from)) renameSync(from, join(dir, rotatedName(i + 1)))
    }
    renameSync(currentPath, join(dir, rotatedName(1)))
    fd = openSync(currentPath, 'a+')
    size = 0
    log.info('alarm journal rotated', { keepFiles })
  }

  const flush = (): void => {
    scheduled = false
    if (buffer.length === 0 || closed) return
    const text = buffer.join('')
    const count = buffer.length
    buffer = []
    try {
      if (size > 0 && size + text.length > maxBytes) rotate()
      const bytes = Buffer.from(text, 'utf8')
      let written = 0
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
      fsyncSync(fd)
      size += bytes.length
    } catch (error) {
      failures += 1
      log.error('alarm journal write failed', {
        records: count,
        failures,
        error: error instanceof Error ? error.message : 'unknown',
      })
    }
  }

  return {
    restored,
    append(transition) {
      if (closed) return
      buffer.push(JSON.stringify(transition) + '\n')
      if (mode === 'sync') flush()
      else if (!scheduled) {
        scheduled = true
        queueMicrotask(flush)
      }
    },
    flush,
    readAll,
    close() {
      if (closed) return
      flush()
      closed = true
      closeSync(fd)
    },
  }
}

/** Cuts a torn last line off so the next record starts on a line of its own. */
function repairTornTail(fd: number, log: Logger): void {
  const { size } = fstatSync(fd)
  if (size === 0) return
  const text = readFileSync(fd, 'utf8')
  if (text.endsWith('\n')) return
  const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8')
  ftruncateSync(fd, keep)
  fsyncSync(fd)
  log.warn('alarm journal: cut a torn last line', { bytes: size - keep })
}
