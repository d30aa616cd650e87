import { describe, expect, it } from 'vitest'
import type { CyberAlert, NetworkDevice } from '../../shared/contracts/entities.ts'
import { createFreeTextScrubber } from '../security/createFreeTextScrubber.ts'
import { createRedactor, redact, seesNetworkDetail } from './siteFilter.ts'

const alert: CyberAlert = {
  id: 'cef-1',
  source: 'siem-cef',
  severity: 'high',
  category: 'Audit 12/03/1957',
  title: 'Record of TEST PATIENT NHS 943 476 5919 DOB 12/03/1957 opened',
  tactic: null,
  technique: null,
  host: 'ws-w07-03',
  deviceId: null,
  siteId: 'site-a',
  unitId: null,
  firstSeen: 1,
  lastSeen: 1,
  count: 1,
  status: 'new',
  ack: null,
}

describe('redact', () => {
  it('gives roles without network detail a cyber alert without host, NHS number or date of birth', () => {
    const seen = redact('cyber', alert) as CyberAlert
    expect(seen.host).toBeNull()
    expect(seen.title).toBe('Record of TEST PATIENT NHS [NHS number] DOB [date] opened')
    expect(seen.category).toBe('Audit [date]')
    expect({ ...seen, host: alert.host, title: alert.title, category: alert.category }).toEqual(alert)
  })

  it("hides an NHS cyber alert's affected hosts and scrubs the response's notes", () => {
    const nhs = {
      ...alert,
      ack: { by: 'IT', at: 1, note: 'called re NHS 943 476 5919' },
      updates: [
        {
          action: 'acknowledge' as const,
          status: 'acknowledged' as const,
          by: 'IT',
          at: 1,
          note: 'called re NHS 943 476 5919',
        },
      ],
      nhs: {
        reference: 'CC-4512',
        issuedAt: 1,
        url: null,
        owner: null,
        applicability: 'unassessed' as const,
        ackDueAt: null,
        nextUpdateDueAt: null,
        affected: [{ host: 'vpn-01', deviceId: 'fw-1', siteId: null, unitId: null }],
      },
    }
    const seen = redact('cyber', nhs) as CyberAlert
    expect(seen.nhs?.affected).toEqual([{ host: null, deviceId: 'fw-1', siteId: null, unitId: null }])
    expect(seen.ack?.note).toBe('called re NHS [NHS number]')
    expect(seen.updates?.[0]?.note).toBe('called re NHS [NHS number]')
  })

  it("scrubs the trust's patterns too, when configured", () => {
    const trust = createRedactor(createFreeTextScrubber({ extraPatterns: [/TEST PATIENT/] }))
    expect((trust('cyber', alert) as CyberAlert).title).toBe(
      'Record of [redacted] NHS [NHS number] DOB [date] opened',
    )
  })

  it('returns the same object when there is nothing to hide', () => {
    const plain = { ...alert, host: null, title: 'SMB lateral movement', category: 'Intrusion' }
    expect(redact('cyber', plain)).toBe(plain)
    const device = { id: 'sw-1', address: null } as unknown as NetworkDevice
    expect(redact('network', device)).toBe(device)
  })

  it('leaves the full text to it and admin only', () => {
    expect((['viewer', 'operator', 'it', 'admin'] as const).filter(seesNetworkDetail)).toEqual([
      'it',
      'admin',
    ])
  })
})
