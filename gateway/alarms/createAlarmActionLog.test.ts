import { describe, expect, it } from 'vitest'
import { createAlarmActionLog } from './createAlarmActionLog.ts'

const ack = (fingerprint: string) => ({ action: 'acknowledge' as const, fingerprint, note: '' })

describe('createAlarmActionLog', () => {
  it('records who and when, and keeps the latest action per fingerprint for new clients', () => {
    const log = createAlarmActionLog(10)
    log.record(ack('a'), 'ops', 1, 'r1')
    log.record({ action: 'shelve', fingerprint: 'a', note: 'planned work', until: 99 }, 'it', 2, 'r2')
    log.record(ack('b'), 'ops', 3, 'r3')
    expect(log.latest().map((r) => [r.fingerprint, r.action, r.by, r.at])).toEqual([
      ['a', 'shelve', 'it', 2],
      ['b', 'acknowledge', 'ops', 3],
    ])
    expect(log.history()).toHaveLength(3)
  })

  it('stays bounded however many actions arrive', () => {
    const log = createAlarmActionLog(10)
    for (let i = 0; i < 100; i++) log.record(ack(`f${i}`), 'ops', i, `r${i}`)
    expect(log.history()).toHaveLength(10)
    expect(log.latest()).toHaveLength(10)
    expect(log.latest()[0]?.fingerprint).toBe('f90')
  })
})
