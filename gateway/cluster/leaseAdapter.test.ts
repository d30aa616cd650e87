import { describe, expect, it } from 'vitest'
import type { SourceHealth, SourceStatus } from '../../shared/contracts/entities.ts'
import type { AdapterContext, AdapterSink, SourceAdapter } from '../ingest/sourceAdapter.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import type { LeaseHandlers, Leases } from './createLeases.ts'
import { leaseAdapter } from './leaseAdapter.ts'

function fakeLeases() {
  const handlers = new Map<string, LeaseHandlers>()
  const leases: Leases = {
    watch: (name, next) => {
      handlers.set(name, next)
    },
    held: () => false,
    failoverMs: 8_000,
    close: async () => undefined,
  }
  return { leases, handlers }
}

function fakeSource() {
  let running = 0
  const adapter: SourceAdapter = {
    id: 'snmp-core',
    kind: 'snmp',
    topics: ['network'],
    start: async () => {
      running += 1
    },
    stop: async () => {
      running -= 1
    },
  }
  return { adapter, running: () => running }
}

function context() {
  const statuses: [SourceStatus, string | null][] = []
  const sink = { status: (status: SourceStatus, detail: string | null) => statuses.push([status, detail]) }
  const ctx = { sink: sink as unknown as AdapterSink, log: createSilentLogger() } as unknown as AdapterContext
  return { ctx, statuses }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('leaseAdapter', () => {
  it('runs the source only while this gateway holds its lease', async () => {
    const { leases, handlers } = fakeLeases()
    const { adapter, running } = fakeSource()
    const { ctx, statuses } = context()
    const leased = leaseAdapter(adapter, leases, () => undefined)
    await leased.start(ctx)
    expect(running()).toBe(0)
    expect(statuses.at(-1)).toEqual(['down', 'waiting for its lease'])
    handlers.get('source:snmp-core')?.acquired()
    await settle()
    expect(running()).toBe(1)
    handlers.get('source:snmp-core')?.lost('taken by another gateway')
    await settle()
    expect(running()).toBe(0)
    expect(statuses.at(-1)).toEqual(['down', 'stopped on this gateway: taken by another gateway'])
  })

  it('shows the owner’s health of the source on the other gateways, and down when nobody holds it', async () => {
    const { leases, handlers } = fakeLeases()
    const { adapter } = fakeSource()
    const { ctx, statuses } = context()
    await leaseAdapter(adapter, leases, () => undefined).start(ctx)
    const health: SourceHealth = {
      id: 'snmp-core',
      kind: 'snmp',
      topics: ['network'],
      status: 'degraded',
      detail: '1 of 40 devices not answering',
      lastMessageAt: 1,
      ratePerSec: 2,
      rejectedCount: 0,
      errorCount: 0,
    }
    handlers.get('source:snmp-core')?.standby('gw-b', health)
    expect(statuses.at(-1)).toEqual(['degraded', 'run by gateway gw-b: 1 of 40 devices not answering'])
    handlers.get('source:snmp-core')?.standby(null, null)
    expect(statuses.at(-1)).toEqual(['down', 'no gateway holds its lease'])
  })

  it('stops the source when the gateway stops', async () => {
    const { leases, handlers } = fakeLeases()
    const { adapter, running } = fakeSource()
    const { ctx } = context()
    const leased = leaseAdapter(adapter, leases, () => undefined)
    await leased.start(ctx)
    handlers.get('source:snmp-core')?.acquired()
    await settle()
    await leased.stop()
    expect(running()).toBe(0)
  })
})
