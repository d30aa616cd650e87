import { describe, expect, it } from 'vitest'
import { createAlarmActionLog } from './createAlarmActionLog.ts'

const ack = (fingerprint: string, members?: string[]) => ({
  action: 'acknowledge' as const,
  fingerprint,
  note: '',
  ...(members === undefined ? {} : { members }),
})

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
    const log = createAlarmActionLog(10, 10)
    for (let i = 0; i < 100; i++) log.record(ack(`f${i}`), 'ops', i, `r${i}`)
    expect(log.history()).toHaveLength(10)
    expect(log.latest()).toHaveLength(10)
    expect(log.latest()[0]?.fingerprint).toBe('f90')
  })

  it('keeps history per member alarm: a line action is replayed while it is the latest for any of its members', () => {
    const log = createAlarmActionLog(10)
    const line = 'down@group:sw-1'
    log.record(ack(line, ['down@sw-1', 'down@ap-1', 'down@ap-2']), 'ops', 1, 'line-ack')
    // Someone acknowledges one member on its own later: the line's record still covers the others.
    log.record(ack('down@ap-1', ['down@ap-1']), 'ops', 2, 'single')
    expect(log.latest().map((r) => r.id)).toEqual(['line-ack', 'single'])
    // An unshelve of the shelved line (…:shelved) supersedes the line's shelve.
    log.record(
      { action: 'shelve', fingerprint: line, note: 'work', until: 99, members: ['down@sw-1'] },
      'it',
      3,
      's',
    )
    log.record(
      { action: 'unshelve', fingerprint: `${line}:shelved`, note: '', members: ['down@sw-1'] },
      'it',
      4,
      'u',
    )
    expect(log.latest().map((r) => r.id)).toEqual(['line-ack', 'single', 'u'])
  })
})
