import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AckJournal } from './AckJournal.ts'

let dir = ''
let now = 1_700_000_000_000

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wf-journal-'))
  now = 1_700_000_000_000
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const open = (maxEntries = 100, maxAgeMs = 86_400_000): Promise<AckJournal> =>
  AckJournal.open({ dir, fileName: 'hl7.acks.jsonl', maxEntries, maxAgeMs, now: () => now })

describe('AckJournal', () => {
  it('has the id on disk when commit resolves, and remembers it after a reopen', async () => {
    const journal = await open()
    await journal.commit({ id: 'MSG1', ack: 'AA', at: now, event: 'A01' })
    expect(await readFile(journal.path, 'utf8')).toContain('"MSG1"')
    expect(journal.lookup('MSG1')?.ack).toBe('AA')
    await journal.close()
    const reopened = await open()
    expect(reopened.lookup('MSG1')).toEqual({ id: 'MSG1', ack: 'AA', at: now, event: 'A01' })
    await reopened.close()
  })

  it('group-commits concurrent appends and keeps each one', async () => {
    const journal = await open(1_000)
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => journal.commit({ id: `M${i}`, ack: 'AE', at: now, event: 'A02' })),
    )
    expect(journal.size).toBe(50)
    await journal.close()
    expect((await open(1_000)).size).toBe(50)
  })

  it('forgets ids beyond the bound and older than the age limit, and compacts the file', async () => {
    const journal = await open(10, 60_000)
    for (let i = 0; i < 25; i++) await journal.commit({ id: `M${i}`, ack: 'AA', at: now, event: 'A01' })
    expect(journal.size).toBe(10)
    expect(journal.lookup('M0')).toBeUndefined()
    expect(journal.lookup('M24')).toBeDefined()
    const lines = (await readFile(journal.path, 'utf8')).trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(20)
    await journal.close()
    now += 120_000
    const later = await open(10, 60_000)
    expect(later.size).toBe(0)
    await later.close()
  })

  it('skips a torn last line left by a crash', async () => {
    const path = join(dir, 'hl7.acks.jsonl')
    await writeFile(path, `${JSON.stringify({ id: 'OK1', ack: 'AA', at: now, event: 'A01' })}\n{"id":"TOR`)
    const journal = await open()
    expect(journal.skippedLines).toBe(1)
    expect(journal.lookup('OK1')?.ack).toBe('AA')
    await journal.commit({ id: 'OK2', ack: 'AR', at: now, event: 'A05' })
    await journal.close()
    const reopened = await open()
    expect(reopened.skippedLines).toBe(0)
    expect(reopened.size).toBe(2)
    await reopened.close()
  })
})
