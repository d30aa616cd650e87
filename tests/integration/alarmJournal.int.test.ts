/**
 * The alarm journal survives the writer being killed: a child process appends records (the way
 * the hub does, grouped per evaluation and fsynced), is SIGKILLed while writing, is restarted, and
 * every record it reported durable is still there — a torn last line skipped, nothing before it lost.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { JOURNAL_FILE, openAlarmJournal } from '../../electron/services/alarmJournal.ts'
import { createMemoryLogger } from '../../electron/services/logger.ts'

const JOURNAL_MODULE = pathToFileURL(
  fileURLToPath(new URL('../../electron/services/alarmJournal.ts', import.meta.url)),
).href
const LOGGER_MODULE = pathToFileURL(
  fileURLToPath(new URL('../../electron/services/logger.ts', import.meta.url)),
).href

/**
 * The writer: opens the journal (repairing what a crash left), then appends records numbered on from
 * what it restored, five per evaluation, printing `durable N` once the group is fsynced. With
 * TORN_AFTER set it stops after that many records, writes half a record straight to the file (what
 * a power cut mid-write leaves) and waits to be killed.
 */
const WRITER = `
const { openAlarmJournal, JOURNAL_FILE } = await import(process.env.JOURNAL_MODULE)
const { createLogger } = await import(process.env.LOGGER_MODULE)
const { appendFileSync } = await import('node:fs')
const { join } = await import('node:path')
const dir = process.env.JOURNAL_DIR
const journal = openAlarmJournal({ dir, log: createLogger('writer') })
let n = journal.restored.records.length
process.stdout.write('restored ' + n + ' skipped ' + journal.restored.skipped + '\\n')
const tornAfter = process.env.TORN_AFTER === undefined ? Infinity : Number(process.env.TORN_AFTER)
const record = (i) => ({ at: 1767600000000 + i, fingerprint: 'network-device-down@ap-' + i, ruleId: 'network-device-down',
  title: 'Network device down', detail: 'AP-' + i + ' (access-point) is down', priority: 'low', from: 'normal', to: 'unacknowledged' })
const step = () => {
  if (n >= tornAfter) {
    appendFileSync(join(dir, JOURNAL_FILE), JSON.stringify(record(n)).slice(0, 37))
    process.stdout.write('torn\\n')
    setInterval(() => {}, 1000)
    return
  }
  for (let k = 0; k < 5; k += 1) journal.append(record(n++))
  // The journal flushes in a microtask queued by the first append; this one runs after it.
  Promise.resolve().then(() => {
    process.stdout.write('durable ' + n + '\\n')
    setImmediate(step)
  })
}
step()
`

type Writer = {
  child: ChildProcess
  stdout: string[]
  stderr: string[]
  exited: Promise<NodeJS.Signals | null>
}

const running: ChildProcess[] = []

afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

function startWriter(dir: string, env: Record<string, string> = {}): Writer {
  const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], {
    env: { ...process.env, JOURNAL_MODULE, LOGGER_MODULE, JOURNAL_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  const stdout: string[] = []
  const stderr: string[] = []
  let partial = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n')
    partial = lines.pop() ?? ''
    stdout.push(...lines)
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk))
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  )
  return { child, stdout, stderr, exited }
}

/** Resolves once a stdout line satisfies `predicate` (bounded by the test timeout). */
async function waitForLine(writer: Writer, predicate: (line: string) => boolean): Promise<string> {
  for (;;) {
    const line = writer.stdout.find(predicate)
    if (line !== undefined) return line
    if (writer.child.exitCode !== null) throw new Error(`writer exited: ${writer.stderr.join('')}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function lastDurable(writer: Writer): number {
  const counts = writer.stdout.filter((l) => l.startsWith('durable ')).map((l) => Number(l.slice(8)))
  return Math.max(0, ...counts)
}

const atLeast = (n: number) => (line: string) => line.startsWith('durable ') && Number(line.slice(8)) >= n

function readBack(dir: string): { indices: number[]; skipped: number } {
  const journal = openAlarmJournal({ dir, log: createMemoryLogger().logger })
  // What opening restored: read before the torn tail (if any) is cut.
  const { records, skipped } = journal.restored
  journal.close()
  return { indices: records.map((r) => r.at - 1767600000000), skipped }
}

describe('alarm journal crash safety', () => {
  it('keeps every record the writer reported durable when it is SIGKILLed mid-stream, twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-journal-crash-'))

    const first = startWriter(dir)
    await waitForLine(first, atLeast(300))
    first.child.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')
    const durableFirst = lastDurable(first)

    // Restarted: it restores what is on disk and carries on numbering from there.
    const second = startWriter(dir)
    const restoredLine = await waitForLine(second, (l) => l.startsWith('restored '))
    const restored = Number(restoredLine.split(' ')[1])
    expect(restored).toBeGreaterThanOrEqual(durableFirst)
    await waitForLine(second, atLeast(restored + 300))
    second.child.kill('SIGKILL')
    await second.exited
    const durableSecond = lastDurable(second)

    const { indices } = readBack(dir)
    expect(indices.length).toBeGreaterThanOrEqual(durableSecond)
    // Contiguous from 0: no record lost, none duplicated, none out of order.
    expect(indices).toEqual(Array.from({ length: indices.length }, (_, i) => i))
  })

  it('tolerates a torn last line left by a crash mid-write: skipped and logged, nothing before it lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-journal-torn-'))

    const first = startWriter(dir, { TORN_AFTER: '50' })
    await waitForLine(first, (l) => l === 'torn')
    first.child.kill('SIGKILL')
    await first.exited
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').endsWith('\n')).toBe(false)

    const second = startWriter(dir, { TORN_AFTER: '60' })
    expect(await waitForLine(second, (l) => l.startsWith('restored '))).toBe('restored 50 skipped 1')
    await waitForLine(second, (l) => l === 'torn')
    second.child.kill('SIGKILL')
    await second.exited
    expect(second.stderr.join('')).toContain('alarm journal: cut a torn last line')

    // The first torn line was cut on restart; the second crash left another one, skipped on read.
    const { indices, skipped } = readBack(dir)
    expect(indices).toEqual(Array.from({ length: 60 }, (_, i) => i))
    expect(skipped).toBe(1)
  })

  it('keeps appending after a torn tail is repaired in the same process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alarm-journal-repair-'))
    appendFileSync(join(dir, JOURNAL_FILE), '{"at":1767600000000,"fingerprint":"x@y","ru')
    const journal = openAlarmJournal({ dir, log: createMemoryLogger().logger, flush: 'sync' })
    journal.append({
      at: 1767600000000,
      fingerprint: 'x@y',
      ruleId: 'x',
      title: 'X',
      detail: 'd',
      priority: 'low',
      from: 'normal',
      to: 'unacknowledged',
    })
    journal.close()
    expect(readBack(dir)).toEqual({ indices: [0], skipped: 0 })
  })
})
