import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../../shared/contracts/alarms.ts'
import { alarmAwareNext, boardTopics, holdingAlarm, nextRotationBoard } from './alarmRotation.ts'

function alarm(overrides: Partial<ActiveAlarm> & { fingerprint: string }): ActiveAlarm {
  return {
    ruleId: 'network-device-down',
    title: 'Network device down',
    detail: 'SW-1 is down',
    priority: 'high',
    state: 'unacknowledged',
    active: true,
    raisedAt: 1_000,
    changedAt: 1_000,
    subject: { kind: 'device', id: 'sw-1', siteId: 's', levelId: null, unitId: null },
    groupCount: 1,
    members: [overrides.fingerprint],
    ack: null,
    shelvedUntil: null,
    escalated: false,
    ...overrides,
  }
}

const boards = [
  { id: 'capacity', topics: ['beds', 'assets'] as const },
  { id: 'site-manager', topics: ['beds'] as const },
  { id: 'digital-ops', topics: ['network', 'cyber'] as const },
]
const rotation = ['capacity', 'site-manager', 'digital-ops']

describe('alarm-aware rotation', () => {
  it('rotates normally with no unacknowledged high alarm', () => {
    expect(nextRotationBoard(rotation, boards, 'capacity', [])).toBe('site-manager')
    expect(
      nextRotationBoard(rotation, boards, 'digital-ops', [alarm({ fingerprint: 'a', priority: 'medium' })]),
    ).toBe('capacity')
  })

  it('jumps to the board showing the alarm’s feed and stays there until it is acknowledged', () => {
    const alarms = [alarm({ fingerprint: 'a' })]
    expect(nextRotationBoard(rotation, boards, 'capacity', alarms)).toBe('digital-ops')
    expect(nextRotationBoard(rotation, boards, 'digital-ops', alarms)).toBe('digital-ops')
    const acked = [alarm({ fingerprint: 'a', state: 'acknowledged' })]
    expect(nextRotationBoard(rotation, boards, 'digital-ops', acked)).toBe('capacity')
  })

  it('holds on the oldest unacknowledged high alarm; a gateway alarm holds the current board', () => {
    const alarms = [
      alarm({
        fingerprint: 'new',
        raisedAt: 5_000,
        subject: { kind: 'bed', id: 'b', siteId: null, levelId: null, unitId: null },
      }),
      alarm({ fingerprint: 'old', raisedAt: 1_000 }),
    ]
    expect(holdingAlarm(alarms)?.fingerprint).toBe('old')
    const gateway = [
      alarm({
        fingerprint: 'g',
        subject: { kind: 'gateway', id: 'gateway', siteId: null, levelId: null, unitId: null },
      }),
    ]
    expect(nextRotationBoard(rotation, boards, 'site-manager', gateway)).toBe('site-manager')
  })

  it('reads a board’s feeds from its panels, ignoring panels that appear on every board', () => {
    const board = {
      id: 'x',
      panels: [
        { kind: 'topic-counts', settings: { topic: 'beds' } },
        { kind: 'feed-health', settings: {} },
        { kind: 'cyber-open', settings: {} },
      ],
    }
    expect([...boardTopics(board)].sort()).toEqual(['beds', 'cyber'])
    expect(
      alarmAwareNext({ boardIds: ['x', 'y'] }, [board, { id: 'y', panels: [] }], 'y', [
        alarm({
          fingerprint: 'c',
          subject: { kind: 'cyber-alert', id: 'c1', siteId: null, levelId: null, unitId: null },
        }),
      ]),
    ).toBe('x')
  })
})
