import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import { alarmLineFor } from './useFocusAlarm.ts'

const line = (fingerprint: string, members: string[] = [fingerprint]): ActiveAlarm => ({
  fingerprint,
  ruleId: 'device-down',
  title: 'Switch down',
  detail: 'down',
  priority: 'high',
  state: 'unacknowledged',
  active: true,
  raisedAt: 1,
  changedAt: 1,
  subject: { kind: 'device', id: 'sw-1', siteId: null, levelId: null, unitId: null },
  groupCount: members.length,
  members,
  ack: null,
  shelvedUntil: null,
  escalated: false,
})

describe('focusing an alarm from its notification', () => {
  it('finds the alarm’s own line, or the flood line it has since joined, or nothing once it is gone', () => {
    const alone = line('device-down@sw-1')
    const flood = line('device-down#uplink:core-1', ['device-down@ap-1', 'device-down@ap-2'])
    expect(alarmLineFor([flood, alone], 'device-down@sw-1')).toBe(alone)
    expect(alarmLineFor([alone, flood], 'device-down@ap-2')).toBe(flood)
    expect(alarmLineFor([alone, flood], 'device-down@ap-9')).toBeNull()
  })
})
