import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import { soundingAlarm } from '../../../shared/domain/alarms/alarmPriority.ts'
import { bannerLines, countLabel, flashes, PRIORITY_MARK } from './alarmPresentation.ts'

function alarm(overrides: Partial<ActiveAlarm> & { fingerprint: string }): ActiveAlarm {
  return {
    ruleId: 'r',
    title: 'T',
    detail: 'D',
    priority: 'low',
    state: 'unacknowledged',
    active: true,
    raisedAt: 1_000,
    changedAt: 1_000,
    subject: { kind: 'device', id: 'd', siteId: null, levelId: null, unitId: null },
    groupCount: 1,
    members: [overrides.fingerprint],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...overrides,
  }
}

describe('alarm presentation', () => {
  it('marks priorities with text as well as colour', () => {
    expect(PRIORITY_MARK).toEqual({ high: '***', medium: '**', low: '*' })
  })

  it('shows high first, unacknowledged before acknowledged, hides shelved and out-of-service, and counts the rest', () => {
    const alarms = [
      alarm({ fingerprint: 'low' }),
      alarm({ fingerprint: 'high-ack', priority: 'high', state: 'acknowledged' }),
      alarm({ fingerprint: 'high', priority: 'high' }),
      alarm({ fingerprint: 'shelved', priority: 'high', state: 'shelved' }),
      alarm({ fingerprint: 'oos', priority: 'high', state: 'out-of-service' }),
      alarm({ fingerprint: 'medium', priority: 'medium' }),
    ]
    const { lines, more } = bannerLines(alarms, 3)
    expect(lines.map((a) => a.fingerprint)).toEqual(['high', 'high-ack', 'medium'])
    expect(more).toBe(1)
  })

  it('flashes unacknowledged high and medium lines only; low is steady', () => {
    expect(flashes(alarm({ fingerprint: 'a', priority: 'high' }))).toBe(true)
    expect(flashes(alarm({ fingerprint: 'b', priority: 'medium' }))).toBe(true)
    expect(flashes(alarm({ fingerprint: 'c', priority: 'low' }))).toBe(false)
    expect(flashes(alarm({ fingerprint: 'd', priority: 'high', state: 'acknowledged' }))).toBe(false)
  })

  it('sounds the highest-priority unacknowledged alarm, nothing once all are acknowledged', () => {
    const alarms = [
      alarm({ fingerprint: 'm', priority: 'medium' }),
      alarm({ fingerprint: 'h', priority: 'high', raisedAt: 5 }),
    ]
    expect(soundingAlarm(alarms)?.fingerprint).toBe('h')
    expect(soundingAlarm(alarms.map((a) => ({ ...a, state: 'acknowledged' as const })))).toBeNull()
  })

  it('labels a flood line with its count', () => {
    expect(countLabel(alarm({ fingerprint: 'g', groupCount: 41 }))).toBe('×41')
    expect(countLabel(alarm({ fingerprint: 's' }))).toBeNull()
  })
})
