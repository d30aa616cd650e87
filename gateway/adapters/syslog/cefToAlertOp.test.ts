import { describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { cyberAlertSchema } from '../../../shared/contracts/entities.ts'
import { createHash } from 'node:crypto'
import { alertIdOf, cefSeverity, cefToAlertOp } from './cefToAlertOp.ts'
import { createHostMatcher } from '../../ingest/createHostMatcher.ts'
import { parseCef } from './parseCef.ts'
import { createKeyedHash } from '../../security/createKeyedHash.ts'

const NOW = Date.UTC(2026, 10, 21, 22, 0)
const keyedHash = createKeyedHash(Buffer.alloc(32, 7))

function op(text: string, store: Map<string, CyberAlert>, syslogHost: string | null = 'relay') {
  const parsed = parseCef(text)
  if (!parsed.ok) throw new Error('fixture does not parse')
  return cefToAlertOp(parsed.event, syslogHost, {
    source: 'siem-cef',
    hostKeys: ['dhost', 'dst', 'shost'],
    tacticKeys: ['mitreTactic'],
    techniqueKeys: ['mitreTechnique'],
    placeOf: createHostMatcher([
      { match: 'WS-W07-*', deviceId: 'ws-w07', siteId: 'site-a', unitId: 'ward-7' },
    ]),
    current: (id) => store.get(id),
    now: NOW,
    keyedHash,
  })
}

describe('cefSeverity', () => {
  it('maps the CEF bands and words', () => {
    expect(['0', '3', '4', '6', '7', '8', '9', '10', '11'].map(cefSeverity)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
      'info',
    ])
    expect(['Unknown', 'Low', 'Medium', 'High', 'Very-High', 'nonsense'].map(cefSeverity)).toEqual([
      'info',
      'low',
      'medium',
      'high',
      'critical',
      'info',
    ])
  })
})

describe('cefToAlertOp', () => {
  it('builds a valid alert with tactic, technique, host and place', () => {
    const store = new Map<string, CyberAlert>()
    const result = op(
      'CEF:0|Sec|IDS|1|4242|SMB lateral movement|8|dhost=WS-W07-03 cat=Intrusion cs1Label=mitreTactic cs1=Lateral Movement cs2Label=mitreTechnique cs2=T1021.002',
      store,
    )
    expect(result.op).toBe('upsert')
    const alert = cyberAlertSchema.parse(result.op === 'upsert' ? result.entity : null)
    expect(alert).toMatchObject({
      source: 'siem-cef',
      severity: 'high',
      category: 'Intrusion',
      title: 'SMB lateral movement',
      tactic: 'TA0008',
      technique: 'T1021.002',
      host: 'WS-W07-03',
      deviceId: 'ws-w07',
      siteId: 'site-a',
      unitId: 'ward-7',
      count: 1,
      status: 'new',
      firstSeen: NOW,
    })
  })

  it('deduplicates the same signature on the same host into a count, raising severity only', () => {
    const store = new Map<string, CyberAlert>()
    const first = op('CEF:0|Sec|IDS|1|4242|x|9|dhost=h1', store)
    if (first.op !== 'upsert') throw new Error('expected upsert')
    const alert = cyberAlertSchema.parse(first.entity)
    store.set(alert.id, alert)
    const again = op('CEF:0|Sec|IDS|1|4242|x|2|dhost=h1 rt=' + String(NOW + 5_000), store)
    expect(again).toEqual({
      topic: 'cyber',
      op: 'patch',
      id: alert.id,
      changes: { count: 2, lastSeen: NOW + 5_000, severity: 'critical' },
    })
    const otherHost = op('CEF:0|Sec|IDS|1|4242|x|2|dhost=h2', store)
    expect(otherHost.op).toBe('upsert')
    store.set(alert.id, { ...alert, status: 'resolved' })
    expect(op('CEF:0|Sec|IDS|1|4242|x|9|dhost=h1', store).op).toBe('upsert')
  })

  it('falls back to the syslog host when the event names none', () => {
    const result = op('CEF:0|Sec|IDS|1|1|x|1|act=allowed', new Map(), 'fw-01')
    expect(result.op === 'upsert' && cyberAlertSchema.parse(result.entity).host).toBe('fw-01')
  })

  it('keys the id with the install secret: a viewer cannot confirm a guessed host from it', () => {
    const parsed = parseCef('CEF:0|Sec|IDS|1|4242|x|9|dhost=ws-w07-03')
    if (!parsed.ok) throw new Error('fixture does not parse')
    const id = alertIdOf(parsed.event, 'ws-w07-03', keyedHash)
    // What the id used to be (an unsalted SHA-256 of vendor, product, signature and host).
    const unkeyed = createHash('sha256')
      .update(['Sec', 'IDS', '4242', 'ws-w07-03'].join('\u0000'))
      .digest('hex')
    expect(id).not.toBe(`cef-${unkeyed.slice(0, 20)}`)
    expect(id).toBe(alertIdOf(parsed.event, 'WS-W07-03', keyedHash))
    expect(id).not.toBe(alertIdOf(parsed.event, 'ws-w07-03', createKeyedHash(Buffer.alloc(32, 8))))
  })
})
