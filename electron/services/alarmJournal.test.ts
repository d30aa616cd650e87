import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import { JOURNAL_FILE, openAlarmJournal } from './alarmJournal.ts'
import { createMemoryLogger } from './logger.ts'

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'alarm-journal-'))

function transition(n: number, extra: Partial<AlarmTransition> = {}): AlarmTransition {
  return {
    at: 1_767_600_000_000 + n,
    fingerprint: `network-device-down@sw-${n}`,
    ruleId: 'network-device-down',
    title: 'Network device down',
    detail: `SW-${n} (access-switch) is down`,
    priority: 'high',
    from: 'normal',
    to: 'unacknowledged',
    ...extra,
  }
}

describe('alarmJournal', () => {
  it('restores every appended record after a close and reopen, with who and why', () => {
    const dir = tempDir()
    const { logger } = createMemoryLogger()
    const journal = openAlarmJournal({ dir, log: logger, flush: 'sync' })
    journal.append(transition(1))
    journal.append(
      transition(2, {
        from: 'unacknowledged',
        to: 'acknowledged',
        by: 'Night operator',
        note: 'engineer called',
      }),
    )
    journal.close()
    const reopened = openAlarmJournal({ dir, log: logger })
    expect(reopened.restored).toEqual({
      records: [
        transition(1),
        transition(2, {
          from: 'unacknowledged',
          to: 'acknowledged',
          by: 'Night operator',
          note: 'engineer called',
        }),
      ],
      skipped: 0,
    })
    reopened.close()
  })

  it('groups what one evaluation appends into one write, flushed before the next task', async () => {
    const dir = tempDir()
    const journal = openAlarmJournal({ dir, log: createMemoryLogger().logger })
    for (let i = 0; i < 41; i += 1) journal.append(transition(i))
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe('')
    await Promise.resolve()
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n')).toHaveLength(42)
    journal.close()
  })

  it('cuts a torn last line, logs it, and keeps appending on a clean line', () => {
    const dir = tempDir()
    const { logger, lines } = createMemoryLogger()
    writeFileSync(
      join(dir, JOURNAL_FILE),
      JSON.stringify(transition(1)) + '\n' + JSON.stringify(transition(2)).slice(0, 40),
    )
    const journal = openAlarmJournal({ dir, log: logger, flush: 'sync' })
    expect(journal.restored).toEqual({ records: [transition(1)], skipped: 1 })
    expect(lines.map((l) => l.message)).toContain('alarm journal: cut a torn last line')
    journal.append(transition(3))
    journal.close()
    expect(openAlarmJournal({ dir, log: logger }).restored).toEqual({
      records: [transition(1), transition(3)],
      skipped: 0,
    })
  })

  it('skips a corrupt line in the middle without losing the records around it', () => {
    const dir = tempDir()
    const path = join(dir, JOURNAL_FILE)
    appendFileSync(
      path,
      JSON.stringify(transition(1)) +
        '\n{"not":"a transition"}\n%%garbage\n' +
        JSON.stringify(transition(2)) +
        '\n',
    )
    const journal = openAlarmJournal({ dir, log: createMemoryLogger().logger })
    expect(journal.restored).toEqual({ records: [transition(1), transition(2)], skipped: 2 })
    journal.close()
  })

  it('rotates by size and keeps a bounded number of files, newest records last', () => {
    const dir = tempDir()
    const journal = openAlarmJournal({
      dir,
      log: createMemoryLogger().logger,
      flush: 'sync',
      maxBytes: 1_000,
      keepFiles: 2,
    })
    for (let i = 0; i < 60; i += 1) journal.append(transition(i))
    journal.close()
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['alarm-journal.1.jsonl', 'alarm-journal.2.jsonl', JOURNAL_FILE])
    const { records } = openAlarmJournal({ dir, log: createMemoryLogger().logger }).readAll()
    expect(records.length).toBeLessThan(60)
    expect(records.at(-1)).toEqual(transition(59))
    const ats = records.map((r) => r.at)
    expect(ats).toEqual([...ats].sort((a, b) => a - b))
  })
})
