import { describe, expect, it } from 'vitest'
import { makeCyberAlert, T0 } from '../../../tests/support/builders.ts'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { listOpenNhsAlerts } from './listOpenNhsAlerts.ts'

const nhs = (id: string, ackDueAt: number | null, status: CyberAlert['status'] = 'new'): CyberAlert =>
  makeCyberAlert({
    id,
    status,
    nhs: {
      reference: 'CC-1',
      issuedAt: T0,
      url: null,
      owner: null,
      applicability: 'unassessed',
      ackDueAt,
      nextUpdateDueAt: null,
      affected: [],
    },
  })

describe('listOpenNhsAlerts', () => {
  it('lists open NHS alerts only, the nearest deadline first and those without one last', () => {
    const alerts = [
      nhs('late', T0 + 9),
      nhs('none', null),
      nhs('soon', T0 + 1),
      nhs('closed', T0, 'resolved'),
      makeCyberAlert({ id: 'siem' }),
    ]
    expect(listOpenNhsAlerts(new Map(alerts.map((a) => [a.id, a]))).map((a) => a.id)).toEqual([
      'soon',
      'late',
      'none',
    ])
  })
})
