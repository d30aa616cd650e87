import { describe, expect, it } from 'vitest'
import type { AnyEntity, Topic } from '../../shared/contracts/entities.ts'
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
