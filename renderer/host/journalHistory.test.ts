import { describe, expect, it } from 'vitest'
import type { AlarmTransition } from '../../shared/contracts/alarms.ts'
import type { IpcResult } from '../../shared/contracts/ipc.ts'
import { JOURNAL_LIMIT, JOURNAL_REFRESH_MS, createJournalHistory } from './journalHistory.ts'

const transition = (at: number): AlarmTransition => ({
  at,
  fingerprint: `device-down@sw-${at}`,
  ruleId: 'device-down',
  title: 'Switch down',
  detail: `sw-${at} is down`,
  priority: 'high',
  from: 'normal',
  to: 'unacknowledged',
})

function setup(answer: () => IpcResult<readonly AlarmTransition[]>) {
  const reads: number[] = []
  const shown: (readonly AlarmTransition[])[] = []
  const timers: { at: number; run: () => void; cancelled: boolean }[] = []
  let now = 0
  const history = createJournalHistory({
    read: async (limit) => {
      reads.push(limit)
      return answer()
    },
    show: (t) => shown.push(t),
    setTimer: (run, ms) => {
      const timer = { at: now + ms, run, cancelled: false }
      timers.push(timer)
      return () => {
        timer.cancelled = true
      }
    },
    onFailure: () => undefined,
  })
  const advance = (ms: number): void => {
    now += ms
    for (const t of timers.splice(0)) {
      if (t.cancelled) continue
      if (t.at <= now) t.run()
      else timers.push(t)
    }
  }
  /** Lets the read's answer (a resolved promise) reach `show`. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await Promise.resolve()
  }
  return { history, reads, shown, advance, settle }
}

describe('journal history (Electron)', () => {
  it('reads main’s journal when a history view opens and shows it', async () => {
    const t = setup(() => ({ ok: true, value: [transition(1), transition(2)] }))
    t.history.alarmsChanged()
    expect(t.reads).toEqual([])
    t.history.setWanted(true)
    await t.settle()
    expect(t.reads).toEqual([JOURNAL_LIMIT])
    expect(t.shown).toEqual([[transition(1), transition(2)]])
  })

  it('reads again after alarms change, at most once a second, and not while no view is open', async () => {
    const t = setup(() => ({ ok: true, value: [] }))
    t.history.setWanted(true)
    for (let i = 0; i < 50; i++) t.history.alarmsChanged()
    expect(t.reads).toHaveLength(1)
    t.advance(JOURNAL_REFRESH_MS)
    expect(t.reads).toHaveLength(2)
    t.advance(JOURNAL_REFRESH_MS)
    // Nothing changed since the last read: no read.
    expect(t.reads).toHaveLength(2)
    t.history.setWanted(false)
    t.history.alarmsChanged()
    t.advance(JOURNAL_REFRESH_MS)
    expect(t.reads).toHaveLength(2)
  })

  it('keeps the relayed actions on screen when main has no journal', async () => {
    const t = setup(() => ({ ok: false, error: 'unavailable', message: 'no alarm journal' }))
    t.history.setWanted(true)
    await t.settle()
    expect(t.reads).toHaveLength(1)
    expect(t.shown).toEqual([])
  })
})
