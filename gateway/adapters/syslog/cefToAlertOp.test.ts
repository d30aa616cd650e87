import { describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../../shared/contracts/entities.ts'
import { cyberAlertSchema } from '../../../shared/contracts/entities.ts'
import { createHash } from 'node:crypto'
import { affectedHost, alertIdOf, cefSeverity, cefToAlertOp } from './cefToAlertOp.ts'
import { createAddressClassifier } from '../../ingest/classifyAddress.ts'
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

describe('affectedHost: the trust’s own end of the event', () => {
  // The adapter's default key order (syslogAdapter.ts).
  const KEYS = ['dhost', 'dst', 'dvchost', 'shost', 'src']
  const ward7 = createHostMatcher([
    { match: '10.20.7.0/24', siteId: 'site-a', unitId: 'ward-7' },
    { match: 'WS-W07-*', deviceId: 'ws-w07', siteId: 'site-a', unitId: 'ward-7' },
  ])
  const event = (extension: string) => {
    const parsed = parseCef(`CEF:0|Sec|EDR|1|c2|Beacon to known C2|10|${extension}`)
    if (!parsed.ok) throw new Error('fixture does not parse')
    return parsed.event
  }

  it('places an outbound C2 alert at the ward PC, not at the external dst', () => {
    const c2 = event('src=10.20.7.23 spt=49822 dst=203.0.113.9 dpt=443')
    expect(affectedHost(c2, KEYS, 'relay', ward7)).toBe('10.20.7.23')
    const result = cefToAlertOp(c2, 'relay', {
      source: 'siem-cef',
      hostKeys: KEYS,
      tacticKeys: [],
      techniqueKeys: [],
      keyedHash,
      placeOf: ward7,
      current: () => undefined,
      now: NOW,
    })
    expect(result.op === 'upsert' ? result.entity : null).toMatchObject({
      host: '10.20.7.23',
      siteId: 'site-a',
      unitId: 'ward-7',
    })
  })

  it('prefers an internal address to an external one even when no mapping knows it', () => {
    const noMappings = createHostMatcher([])
    expect(affectedHost(event('src=10.99.1.5 dst=198.51.100.7'), KEYS, null, noMappings)).toBe('10.99.1.5')
    // An inbound attack: the target is the trust's end.
    expect(affectedHost(event('src=198.51.100.7 dst=192.168.3.9'), KEYS, null, noMappings)).toBe(
      '192.168.3.9',
    )
    // An external name and the trust's address: the address.
    expect(affectedHost(event('dhost=c2.example.net src=10.99.1.5'), KEYS, null, noMappings)).toBe(
      '10.99.1.5',
    )
  })

  it('takes a host the mappings place over an unmapped internal address', () => {
    expect(affectedHost(event('dst=10.99.1.5 shost=WS-W07-03'), KEYS, null, ward7)).toBe('WS-W07-03')
  })

  it('keeps the key order between equals, and an external address when it is all there is', () => {
    const noMappings = createHostMatcher([])
    // Lateral movement, both internal: dst (the target) comes first in the key order.
    expect(affectedHost(event('src=10.1.1.1 dst=10.1.1.2'), KEYS, null, noMappings)).toBe('10.1.1.2')
    expect(affectedHost(event('dst=203.0.113.9'), KEYS, 'relay', noMappings)).toBe('203.0.113.9')
    expect(affectedHost(event('cat=x'), KEYS, 'relay', noMappings)).toBe('relay')
  })

  it('uses the trust’s own ranges when configured (e.g. an HSCN block)', () => {
    const hscn = createAddressClassifier(['194.176.0.0/16'])
    const e = event('src=194.176.12.40 dst=10.0.0.9')
    expect(affectedHost(e, KEYS, null, createHostMatcher([]), hscn)).toBe('194.176.12.40')
  })
})
