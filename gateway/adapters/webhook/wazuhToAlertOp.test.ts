import { describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { cyberAlertSchema } from '../../../shared/contracts/entities.ts'
import { createHostMatcher } from '../../ingest/createHostMatcher.ts'
import { wazuhAlertSchema, wazuhSeverity, wazuhToAlertOp } from './wazuhToAlertOp.ts'
import { createKeyedHash } from '../../security/createKeyedHash.ts'

const NOW = Date.UTC(2026, 10, 21, 22, 0)
const keyedHash = createKeyedHash(Buffer.alloc(32, 7))

const SAMPLE = {
  id: '1795300000.1234',
  timestamp: '2026-11-21T21:59:00.000+0000',
  rule: {
    level: 10,
    description: 'sshd: brute force trying to get access to the system',
    id: '5712',
    groups: ['syslog', 'sshd', 'authentication_failures'],
    mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] },
  },
  agent: { id: '003', name: 'WS-W07-03', ip: '10.20.7.13' },
  data: { srcuser: 'TESTUSER01', srcip: '10.20.8.44' },
  full_log: 'Failed password for TESTUSER01 from 10.20.8.44',
}

function op(input: unknown, store = new Map<string, CyberAlert>()) {
  return wazuhToAlertOp(wazuhAlertSchema.parse(input), {
    source: 'wazuh',
    placeOf: createHostMatcher([{ match: 'WS-W07-*', siteId: 'site-a', unitId: 'ward-7' }]),
    current: (id) => store.get(id),
    now: NOW,
    keyedHash,
  })
}

describe('wazuhSeverity', () => {
  it('maps levels 0–3 info, 4–6 low, 7–9 medium, 10–12 high, 13–16 critical', () => {
    expect([0, 3, 4, 6, 7, 9, 10, 12, 13, 16].map(wazuhSeverity)).toEqual([
      'info',
      'info',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ])
  })
})

describe('wazuhToAlertOp', () => {
  it('builds a valid alert and copies nothing from data or full_log', () => {
    const result = op(SAMPLE)
    expect(result.op).toBe('upsert')
    const alert = cyberAlertSchema.parse(result.op === 'upsert' ? result.entity : null)
    expect(alert).toMatchObject({
      source: 'wazuh',
      severity: 'high',
      category: 'syslog',
      title: 'sshd: brute force trying to get access to the system',
      tactic: 'TA0006',
      technique: 'T1110',
      host: 'WS-W07-03',
      siteId: 'site-a',
      unitId: 'ward-7',
      firstSeen: Date.UTC(2026, 10, 21, 21, 59),
    })
    expect(JSON.stringify(result)).not.toContain('TESTUSER01')
  })

  it('counts a repeat of the same rule on the same agent', () => {
    const store = new Map<string, CyberAlert>()
    const first = op(SAMPLE, store)
    if (first.op !== 'upsert') throw new Error('expected upsert')
    const alert = cyberAlertSchema.parse(first.entity)
    store.set(alert.id, alert)
    expect(op({ ...SAMPLE, timestamp: '2026-11-21T22:00:00.000+0000' }, store)).toMatchObject({
      op: 'patch',
      id: alert.id,
      changes: { count: 2, lastSeen: NOW, severity: 'high' },
    })
  })

  it('accepts a single tactic string, and rejects an alert without a rule level', () => {
    const single = op({ rule: { level: 3, description: 'x', mitre: { tactic: 'Impact' } } })
    expect(single.op === 'upsert' && (single.entity as CyberAlert).tactic).toBe('TA0040')
    expect(wazuhAlertSchema.safeParse({ rule: { description: 'x' } }).success).toBe(false)
  })
})
