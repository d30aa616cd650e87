import { describe, expect, it } from 'vitest'
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
import { nhsAlertInputSchema, type NhsAlertInput } from '../../shared/contracts/cyberResponse.ts'
import { createLogger } from '../log/createLogger.ts'
import { createMetrics } from '../metrics/createMetrics.ts'
import { createMemoryEntityStore } from '../store/createMemoryEntityStore.ts'
import { createIngest, type IngestCommitPath } from './createIngest.ts'
import type { SourceAdapter } from './sourceAdapter.ts'

const T0 = 1_800_000_000_000
const bed = (id: string, status = 'unoccupied'): Record<string, unknown> => ({
  id,
  status,
  statusSince: T0,
  closedReason: null,
  housekeeping: null,
  escalationOpen: false,
  nctr: false,
  expectedDischargeToday: false,
  lengthOfStayDays: null,
  updatedAt: T0,
})

const adapter = (id: string, topics: readonly Topic[] = ['beds']): SourceAdapter => ({
  id,
  kind: 'hl7-mllp',
  topics,
  start: async () => undefined,
  stop: async () => undefined,
})

/** A commit path whose log always writes at once (the committer has its own tests). */
const immediateCommits: IngestCommitPath = {
  durable: () => Promise.resolve(),
  recordReceipt: () => undefined,
  pendingReceipt: () => undefined,
  status: () => ({ ok: true }),
  receipt: () => Promise.resolve(undefined),
}

function setup() {
  const store = createMemoryEntityStore()
  const lines: string[] = []
  const changes: [Topic, string, AnyEntity | undefined, AnyEntity | undefined][] = []
  let statusChanges = 0
  const ingest = createIngest({
    store,
    metrics: createMetrics(() => 0, []),
    log: createLogger('debug', 'test', (line) => lines.push(line)),
    now: () => T0,
    onChange: (topic, id, previous, next) => changes.push([topic, id, previous, next]),
    onStatusChange: () => (statusChanges += 1),
    commits: immediateCommits,
    restoredAsOf: null,
  })
  return { store, lines, changes, ingest, statusChanges: () => statusChanges }
}

describe('createIngest', () => {
  it('validates every op and applies the valid ones, in order', () => {
    const { ingest, store, changes } = setup()
    const sink = ingest.sinkFor(adapter('adt'))
    const result = sink.emit([
      { topic: 'beds', op: 'upsert', entity: bed('b1') },
      { topic: 'beds', op: 'upsert', entity: { ...bed('b2'), status: 'X' } },
      { topic: 'beds', op: 'upsert', entity: { ...bed('b3'), patientName: 'leaks' } },
      { topic: 'beds', op: 'patch', id: 'b1', changes: { status: 'occupied' } },
      { topic: 'assets', op: 'upsert', entity: {} },
      { topic: 'beds', op: 'remove', id: 'b3' },
      { topic: 'beds', op: 'remove', id: 'never-there' },
    ])
    expect(result).toEqual({ accepted: 5, rejected: 2 })
    expect(store.get('beds', 'b1')?.status).toBe('occupied')
    expect(store.get('beds', 'b2')).toBeUndefined()
    expect(store.get('beds', 'b3')).toBeUndefined()
    // Unknown fields are stripped by the schema, never stored or broadcast.
    const b3Change = changes.find(([, id, previous]) => id === 'b3' && previous === undefined)
    expect(b3Change?.[3]).not.toHaveProperty('patientName')
    expect(
      changes.map(([topic, id, previous, next]) => [topic, id, previous !== undefined, next !== undefined]),
    ).toEqual([
      ['beds', 'b1', false, true],
      ['beds', 'b3', false, true],
      ['beds', 'b1', true, true],
      ['beds', 'b3', true, false],
    ])
  })

  it('validates a patch merged into the current entity, and refuses a patch of an unknown id or of the id', () => {
    const { ingest, store } = setup()
    const sink = ingest.sinkFor(adapter('adt'))
    sink.emit([{ topic: 'beds', op: 'upsert', entity: bed('b1') }])
    expect(sink.emit([{ topic: 'beds', op: 'patch', id: 'b1', changes: { nctr: 'yes' } }])).toEqual({
      accepted: 0,
      rejected: 1,
    })
    expect(sink.emit([{ topic: 'beds', op: 'patch', id: 'b9', changes: { nctr: true } }])).toEqual({
      accepted: 0,
      rejected: 1,
    })
    expect(sink.emit([{ topic: 'beds', op: 'patch', id: 'b1', changes: { id: 'b2' } }])).toEqual({
      accepted: 0,
      rejected: 1,
    })
    expect(sink.emit([{ topic: 'beds', op: 'patch', id: 'b1', changes: null }])).toEqual({
      accepted: 0,
      rejected: 1,
    })
    expect(store.get('beds', 'b1')?.nctr).toBe(false)
    expect(sink.current('beds', 'b1')?.status).toBe('unoccupied')
  })

  it('counts rejects per source and logs a reason without the payload', () => {
    const { ingest, lines } = setup()
    const adt = ingest.sinkFor(adapter('adt'))
    const other = ingest.sinkFor(adapter('other'))
    adt.emit([{ topic: 'beds', op: 'upsert', entity: { ...bed('b1'), status: 'Mrs Jones' } }])
    adt.reject('segment PV1 missing')
    adt.error('connection reset')
    other.emit([{ topic: 'beds', op: 'upsert', entity: bed('b2') }])
    const health = ingest.health(false)
    expect(health.map((h) => [h.id, h.rejectedCount, h.errorCount])).toEqual([
      ['adt', 2, 1],
      ['other', 0, 0],
    ])
    const log = lines.join('\n')
    expect(log).toContain('invalid beds entity: status: Invalid option')
    expect(log).not.toContain('Mrs Jones')
  })

  it('refuses ops on a topic the source did not declare', () => {
    const { ingest } = setup()
    const sink = ingest.sinkFor(adapter('adt', ['beds']))
    expect(sink.emit([{ topic: 'cyber', op: 'remove', id: 'x' }])).toEqual({ accepted: 0, rejected: 1 })
  })

  it('reports health: down while starting, up once started, down with the reason when start fails, and a rate', () => {
    let now = T0
    const store = createMemoryEntityStore()
    let statusChanges = 0
    const ingest = createIngest({
      store,
      metrics: createMetrics(() => 0, []),
      log: createLogger('silent'),
      now: () => now,
      onChange: () => undefined,
      onStatusChange: () => (statusChanges += 1),
      commits: immediateCommits,
      restoredAsOf: null,
    })
    const good = ingest.sinkFor(adapter('good'))
    ingest.sinkFor(adapter('bad'))
    expect(ingest.health(false).map((h) => h.status)).toEqual(['down', 'down'])
    ingest.markStarted('good', null)
    ingest.markStarted('bad', 'EADDRINUSE')
    expect(ingest.health(false).map((h) => [h.status, h.detail])).toEqual([
      ['up', null],
      ['down', 'failed to start: EADDRINUSE'],
    ])
    expect(statusChanges).toBe(2)
    good.emit(
      [1, 2, 3, 4].map((n) => ({ topic: 'beds' as const, op: 'upsert' as const, entity: bed(`b${n}`) })),
    )
    now += 2000
    const [goodHealth] = ingest.health(true)
    expect(goodHealth).toMatchObject({ ratePerSec: 2, lastMessageAt: T0 })
  })
})

describe('createIngest connection refusals', () => {
  it('counts a refused connection as an error and in the refusals metric, by reason', async () => {
    const metrics = createMetrics(() => 0, [])
    const ingest = createIngest({
      store: createMemoryEntityStore(),
      metrics,
      log: createLogger('silent', 'test', () => undefined),
      now: () => T0,
      onChange: () => undefined,
      onStatusChange: () => undefined,
      commits: immediateCommits,
      restoredAsOf: null,
    })
    const sink = ingest.sinkFor(adapter('adt'))
    sink.connectionRefused('peer-limit')
    sink.connectionRefused('peer-limit')
    sink.connectionRefused('limit')
    expect(ingest.health(false)[0]?.errorCount).toBe(3)
    const text = await metrics.registry.metrics()
    expect(text).toContain('watchfloor_source_connections_refused_total{source="adt",reason="peer-limit"} 2')
    expect(text).toContain('watchfloor_source_connections_refused_total{source="adt",reason="limit"} 1')
  })
})

describe('createIngest: the cyber alert response', () => {
  const alert = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'a1',
    source: 'siem',
    severity: 'high',
    category: 'malware',
    title: 'Malware detected',
    tactic: null,
    technique: null,
    host: 'WS-1',
    deviceId: null,
    siteId: null,
    unitId: null,
    firstSeen: T0 - 60_000,
    lastSeen: T0 - 60_000,
    count: 1,
    status: 'new',
    ack: null,
    ...overrides,
  })
  const itUser = { role: 'it', user: 'On-call IT' } as const

  it('records a step in the store (so the log) and keeps it when the source re-sends the alert', () => {
    const { ingest, store, changes } = setup()
    const sink = ingest.sinkFor(adapter('siem', ['cyber']))
    sink.emit([{ topic: 'cyber', op: 'upsert', entity: alert() }])
    const step = ingest.respondToAlert('a1', { action: 'investigate', note: 'isolating' }, itUser)
    expect(step).toMatchObject({ ok: true, alert: { status: 'investigating', ack: { by: 'On-call IT' } } })
    expect(changes.at(-1)?.[3]).toMatchObject({ status: 'investigating' })
    sink.emit([{ topic: 'cyber', op: 'upsert', entity: alert({ count: 2, lastSeen: T0 }) }])
    expect(store.get('cyber', 'a1')).toMatchObject({
      count: 2,
      status: 'investigating',
      ack: { by: 'On-call IT' },
    })
    expect(store.get('cyber', 'a1')?.updates).toHaveLength(1)
  })

  it('refuses with the rule’s reason, and a role that may not before saying whether the alert exists', () => {
    const { ingest } = setup()
    ingest.sinkFor(adapter('siem', ['cyber'])).emit([{ topic: 'cyber', op: 'upsert', entity: alert() }])
    expect(ingest.respondToAlert('a1', { action: 'resolve', note: 'x' }, itUser)).toEqual({
      ok: false,
      reason: 'acknowledge the alert before resolving it',
    })
    const operator = { role: 'operator', user: 'Desk' } as const
    expect(ingest.respondToAlert('nope', { action: 'resolve', note: 'x' }, operator)).toEqual({
      ok: false,
      reason: 'role operator may not resolve alerts',
    })
    expect(ingest.respondToAlert('nope', { action: 'acknowledge', note: 'x' }, operator)).toEqual({
      ok: false,
      reason: 'no such alert',
    })
  })

  it('records an NHS cyber alert by hand once, placed on the network device it names', () => {
    const { ingest, store } = setup()
    store.put('network', {
      id: 'sw-1',
      name: 'vpn-01',
      kind: 'firewall',
      siteId: 'site-a',
      levelId: 'lvl-1',
      x: 1,
      y: 2,
      status: 'up',
      statusSince: T0,
      latencyMs: null,
      lossPct: null,
      utilisationPct: null,
      uplinkId: null,
      links: [],
      servesUnitIds: ['ward-a1'],
      address: '10.0.0.1',
      lastPolledAt: null,
    })
    const input: NhsAlertInput = nhsAlertInputSchema.parse({
      reference: 'CC-4512',
      title: 'VPN flaw',
      affectedHosts: ['VPN-01', 'other'],
    })
    const recorded = ingest.recordNhsAlert(input, itUser)
    expect(recorded).toMatchObject({
      ok: true,
      alert: {
        id: 'nhs-cc-4512',
        deviceId: 'sw-1',
        siteId: 'site-a',
        unitId: 'ward-a1',
        nhs: {
          ackDueAt: T0 + 48 * 3_600_000,
          affected: [
            { host: 'VPN-01', deviceId: 'sw-1' },
            { host: 'other', deviceId: null },
          ],
        },
      },
    })
    expect(ingest.recordNhsAlert(input, itUser)).toEqual({ ok: false, reason: 'CC-4512 is already recorded' })
    expect(
      ingest.recordNhsAlert({ ...input, reference: 'CC-1' }, { role: 'operator', user: 'Desk' }),
    ).toEqual({
      ok: false,
      reason: 'role operator may not record NHS cyber alerts',
    })
  })
})
