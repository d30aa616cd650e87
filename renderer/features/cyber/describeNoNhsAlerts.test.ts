import { describe, expect, it } from 'vitest'
import { makeCyberAlert, T0 } from '../../../tests/support/builders.ts'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { describeNoNhsAlerts } from './describeNoNhsAlerts.ts'
import { formatWhen } from './formatWhen.ts'

const MIN = 60_000

const nhs = (id: string, reference: string, lastSeen: number, status: CyberAlert['status']): CyberAlert =>
  makeCyberAlert({
    id,
    status,
    lastSeen,
    nhs: {
      reference,
      issuedAt: T0,
      url: null,
      owner: null,
      applicability: 'unassessed',
      ackDueAt: null,
      nextUpdateDueAt: null,
      affected: [],
    },
  })

const mapOf = (alerts: CyberAlert[]): Map<string, CyberAlert> => new Map(alerts.map((a) => [a.id, a]))

describe('describeNoNhsAlerts', () => {
  it('says since when the connection came up when no NHS alert was ever seen', () => {
    const text = describeNoNhsAlerts(mapOf([makeCyberAlert({ id: 'siem' })]), T0, T0 + 5 * MIN)
    expect(text.headline).toContain('No open NHS cyber alerts')
    expect(text.since).toBe(`None received since connected at ${formatWhen(T0, T0 + 5 * MIN)}`)
  })

  it('names the most recently closed NHS alert, by its step to resolved', () => {
    const older = nhs('a', 'CC-1', T0 + 2 * MIN, 'resolved')
    const newer: CyberAlert = {
      ...nhs('b', 'CC-2', T0, 'resolved'),
      updates: [{ action: 'resolve', status: 'resolved', by: 'it', at: T0 + 9 * MIN, note: '' }],
    }
    const open = nhs('c', 'CC-3', T0 + 20 * MIN, 'new')
    const now = T0 + 30 * MIN
    expect(describeNoNhsAlerts(mapOf([older, newer, open]), T0, now).since).toBe(
      `Last one, CC-2, closed ${formatWhen(T0 + 9 * MIN, now)}`,
    )
  })
})
