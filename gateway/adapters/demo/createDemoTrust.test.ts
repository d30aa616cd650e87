import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AnyEntity, SourceStatus, Topic } from '../../../shared/contracts/entities.ts'
import { entitySchemas } from '../../../shared/contracts/entities.ts'
import { siteModelSchema } from '../../../shared/contracts/places.ts'
import type { AdapterContext, AdapterSink, SourceOp } from '../../ingest/sourceAdapter.ts'
import type { Logger } from '../../log/Logger.ts'
import { createDemoTrust, demoSourceConfigSchema } from './createDemoTrust.ts'
import { PATHWAYS_PER_BED, TREND_DAYS } from './generateDemoPtl.ts'
import { createKeyedHash } from '../../security/createKeyedHash.ts'

const START = Date.UTC(2026, 10, 20, 6, 0) // a Friday, 06:00 in London
/** Generating and stepping a trust is CPU-bound; on a shared 2-core machine it can take a while. */
const SLOW = 60_000

/** Applies ops the way the gateway does, validating each against the shared entity schemas. */
function createCheckingStore(): {
  apply(ops: readonly SourceOp[]): void
  readonly entities: Map<Topic, Map<string, AnyEntity>>
  readonly problems: string[]
} {
  const entities = new Map<Topic, Map<string, AnyEntity>>(
    (['beds', 'assets', 'network', 'cyber'] as const).map((t) => [t, new Map<string, AnyEntity>()]),
  )
  const problems: string[] = []
  return {
    entities,
    problems,
    apply(ops) {
      for (const op of ops) {
        const store = entities.get(op.topic) as Map<string, AnyEntity>
        const schema = entitySchemas[op.topic]
        if (op.op === 'remove') {
          if (!store.delete(op.id)) problems.push(`remove of unknown ${op.topic} ${op.id}`)
          continue
        }
        const candidate =
          op.op === 'upsert' ? op.entity : { ...(store.get(op.id) ?? {}), ...(op.changes as object) }
        if (op.op === 'patch' && !store.has(op.id)) problems.push(`patch of unknown ${op.topic} ${op.id}`)
        const parsed = schema.safeParse(candidate)
        if (!parsed.success) problems.push(`${op.topic} ${op.op}: ${parsed.error.message.slice(0, 300)}`)
        else store.set(parsed.data.id, parsed.data)
      }
    },
  }
}

describe('createDemoTrust', () => {
  it(
    'builds the same site model, plans and first events from the same seed',
    () => {
      const a = createDemoTrust({ seed: 11 })
      const b = createDemoTrust({ seed: 11 })
      expect(b.siteModel).toEqual(a.siteModel)
      expect([...b.floorPlans.entries()]).toEqual([...a.floorPlans.entries()])
      const simA = a.simulate(START)
      const simB = b.simulate(START)
      expect(simB.initialOps()).toEqual(simA.initialOps())
      // The first ~6,000 events: two simulated minutes at the default 50 events/s.
      for (let i = 0; i < 12; i++) expect(simB.step(10_000)).toEqual(simA.step(10_000))
    },
    SLOW,
  )

  it(
    'gives a different trust and different events for a different seed',
    () => {
      const a = createDemoTrust({ seed: 1 })
      const b = createDemoTrust({ seed: 2 })
      expect(b.siteModel).not.toEqual(a.siteModel)
      expect(b.simulate(START).initialOps()).not.toEqual(a.simulate(START).initialOps())
    },
    SLOW,
  )

  it(
    'does not depend on how simulated time is sliced into steps',
    () => {
      const trust = createDemoTrust({ seed: 3 })
      const coarse = trust.simulate(START)
      const fine = trust.simulate(START)
      coarse.initialOps()
      fine.initialOps()
      const coarseOps = coarse.step(30_000)
      const fineOps: SourceOp[] = []
      for (let i = 0; i < 300; i++) fineOps.push(...fine.step(100))
      expect(fineOps).toEqual(coarseOps)
    },
    SLOW,
  )

  it('is a three-site trust of about 1,200 beds, 4,000 tags and 600 devices at scale 1', () => {
    const { siteModel, model } = createDemoTrust({ seed: 5 })
    expect(siteModelSchema.safeParse(siteModel).success).toBe(true)
    expect(siteModel.sites).toHaveLength(3)
    expect(siteModel.beds.length).toBeGreaterThanOrEqual(1_050)
    expect(siteModel.beds.length).toBeLessThanOrEqual(1_350)
    expect(model.assets.length).toBeGreaterThanOrEqual(3_500)
    expect(model.assets.length).toBeLessThanOrEqual(4_600)
    expect(model.network.devices.length).toBeGreaterThanOrEqual(520)
    expect(model.network.devices.length).toBeLessThanOrEqual(720)
    // Infusion pumps dominate the tags; staff badges exist but are few.
    const pumps = model.assets.filter((a) => a.type === 'infusion-pump').length
    const badges = model.assets.filter((a) => a.type === 'staff-badge').length
    expect(pumps / model.assets.length).toBeGreaterThan(0.4)
    expect(badges).toBeGreaterThan(0)
    expect(badges / model.assets.length).toBeLessThan(0.05)
    for (const kind of [
      'core-switch',
      'distribution-switch',
      'access-switch',
      'access-point',
      'firewall',
      'router',
      'server',
    ] as const) {
      expect(model.network.devices.some((d) => d.kind === kind)).toBe(true)
    }
  })

  it(
    'is about ten times bigger at scale 10',
    () => {
      const { siteModel, model } = createDemoTrust({ seed: 5, scale: 10 })
      expect(siteModel.beds.length).toBeGreaterThanOrEqual(10_500)
      expect(siteModel.beds.length).toBeLessThanOrEqual(13_500)
      expect(model.assets.length).toBeGreaterThanOrEqual(35_000)
      expect(model.assets.length).toBeLessThanOrEqual(46_000)
      expect(model.network.devices.length).toBeGreaterThanOrEqual(5_000)
      expect(model.network.devices.length).toBeLessThanOrEqual(7_000)
    },
    SLOW,
  )

  it(
    'emits only operations that validate against the shared entity schemas',
    () => {
      const trust = createDemoTrust({ seed: 8 })
      const sim = trust.simulate(START)
      const store = createCheckingStore()
      const initial = sim.initialOps()
      store.apply(initial)
      expect(store.entities.get('beds')?.size).toBe(trust.siteModel.beds.length)
      expect(store.entities.get('assets')?.size).toBe(trust.model.assets.length)
      expect(store.entities.get('network')?.size).toBe(trust.model.network.devices.length)
      expect(store.entities.get('cyber')?.size).toBeGreaterThan(0)
      // Four simulated hours, in 1-minute steps, at a modest rate so the test stays quick.
      const slow = createDemoTrust({ seed: 8, rate: 2 }).simulate(START)
      const slowStore = createCheckingStore()
      slowStore.apply(slow.initialOps())
      for (let i = 0; i < 4 * 60; i++) slowStore.apply(slow.step(60_000))
      expect(store.problems).toEqual([])
      expect(slowStore.problems).toEqual([])
    },
    SLOW,
  )

  it(
    'references only places of its own site model',
    () => {
      const trust = createDemoTrust({ seed: 8 })
      const sim = trust.simulate(START)
      const ops = [...sim.initialOps(), ...sim.step(60_000)]
      const units = new Set(trust.siteModel.units.map((u) => u.id))
      const levels = new Set(trust.siteModel.levels.map((l) => l.id))
      const sites = new Set(trust.siteModel.sites.map((s) => s.id))
      const beds = new Set(trust.siteModel.beds.map((b) => b.id))
      const devices = new Set(trust.model.network.devices.map((d) => d.id))
      for (const op of ops) {
        if (op.op !== 'upsert') continue
        const e = op.entity as Record<string, unknown>
        if (op.topic === 'beds') expect(beds.has(e.id as string)).toBe(true)
        if (op.topic === 'assets') {
          expect(levels.has(e.levelId as string)).toBe(true)
          expect(units.has(e.zoneId as string)).toBe(true)
          expect(units.has(e.homeUnitId as string)).toBe(true)
        }
        if (op.topic === 'network') {
          expect(sites.has(e.siteId as string)).toBe(true)
          for (const u of e.servesUnitIds as string[]) expect(units.has(u)).toBe(true)
          if (e.uplinkId !== null) expect(devices.has(e.uplinkId as string)).toBe(true)
        }
        if (op.topic === 'cyber') {
          expect(devices.has(e.deviceId as string)).toBe(true)
          if (e.unitId !== null) expect(units.has(e.unitId as string)).toBe(true)
        }
      }
    },
    SLOW,
  )
})

describe('demo adapter', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  const silentLog: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => silentLog,
  }

  function fakeContext(now: () => number): {
    context: AdapterContext
    emitted: SourceOp[][]
    statuses: SourceStatus[]
  } {
    const emitted: SourceOp[][] = []
    const statuses: SourceStatus[] = []
    const sink: AdapterSink = {
      emit(ops) {
        emitted.push([...ops])
        return { accepted: ops.length, rejected: 0 }
      },
      reject: () => undefined,
      error: () => undefined,
      connectionRefused: () => undefined,
      status: (s) => {
        statuses.push(s)
      },
      current: () => undefined,
      entities: () => [].values(),
      confirmed: () => undefined,
      durable: () => Promise.resolve(),
      receipt: () => Promise.resolve(undefined),
      recordReceipt: () => undefined,
    }
    return {
      context: {
        sink,
        siteModel: createDemoTrust().siteModel,
        now,
        log: silentLog,
        keyedHash: createKeyedHash(Buffer.alloc(32, 1)),
      },
      emitted,
      statuses,
    }
  }

  it(
    'sends every entity in chunks, reports up, then streams steps on its timer until stopped',
    async () => {
      // setImmediate stays real: the adapter yields with it between chunks of the initial load.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] })
      let now = START
      const trust = createDemoTrust({ seed: 4, rate: 100 })
      const { context, emitted, statuses } = fakeContext(() => now)
      await trust.adapter.start(context)
      const initialCount = emitted.reduce(
        (s, chunk) => s + chunk.filter((o) => o.topic !== 'waiting').length,
        0,
      )
      // The synthetic PTL: five pathways a bed, and a day summary for each day of its trend.
      const waitingCount = emitted.reduce(
        (s, chunk) => s + chunk.filter((o) => o.topic === 'waiting').length,
        0,
      )
      expect(waitingCount).toBe(trust.siteModel.beds.length * PATHWAYS_PER_BED + TREND_DAYS + 1)
      expect(initialCount).toBe(
        trust.siteModel.beds.length +
          trust.model.assets.length +
          trust.model.network.devices.length +
          trust
            .simulate(START)
            .initialOps()
            .filter((o) => o.topic === 'cyber').length,
      )
      expect(Math.max(...emitted.map((c) => c.length))).toBeLessThanOrEqual(2_000)
      expect(statuses).toEqual(['up'])
      expect(trust.adapter.kind).toBe('demo')
      expect(trust.adapter.topics).toEqual(['beds', 'assets', 'network', 'cyber', 'waiting'])

      // Ten seconds of wall time at 100 events/s: about a thousand events, matching a direct run.
      const chunksBefore = emitted.length
      for (let i = 0; i < 100; i++) {
        now += 100
        await vi.advanceTimersByTimeAsync(100)
      }
      const streamed = emitted.slice(chunksBefore).flat()
      expect(streamed.length).toBeGreaterThan(800)
      expect(streamed.length).toBeLessThan(1_300)
      const direct = trust.simulate(START)
      direct.initialOps()
      expect(streamed).toEqual(direct.step(10_000))

      // A 10 s stall: the next firing advances only five ticks (500 ms) of simulated time, not 10 s.
      now += 10_000
      const beforeStall = emitted.length
      await vi.advanceTimersByTimeAsync(100)
      expect(emitted.slice(beforeStall).flat()).toEqual(direct.step(500))

      await trust.adapter.stop()
      const afterStop = emitted.length
      now += 5_000
      await vi.advanceTimersByTimeAsync(5_000)
      expect(emitted.length).toBe(afterStop)
    },
    SLOW,
  )
})

describe('demoSourceConfigSchema', () => {
  it('fills defaults and rejects a bad scale with a message naming the key', () => {
    expect(demoSourceConfigSchema.parse({ kind: 'demo' })).toMatchObject({
      kind: 'demo',
      id: 'demo',
      scale: 1,
    })
    const bad = demoSourceConfigSchema.safeParse({ kind: 'demo', id: 'demo', scale: 0 })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual(['scale'])
    expect(demoSourceConfigSchema.safeParse({ kind: 'demo', seed: 1.5 }).success).toBe(false)
    expect(demoSourceConfigSchema.safeParse({ kind: 'demo', colour: 'red' }).success).toBe(false)
  })
})

describe('a demo trust other than Northgate (a collaborative’s demo)', () => {
  it(
    'takes its name and sites from the config, and its simulator still fits the contracts',
    () => {
      const config = demoSourceConfigSchema.parse({
        kind: 'demo',
        seed: 11,
        scale: 0.5,
        trust: {
          id: 'kvh',
          name: 'Kestrel Vale Hospitals NHS Trust',
          sites: [
            { name: 'Kestrel Vale General Hospital', shortName: 'KVG' },
            { name: 'Moorcross Hospital', shortName: 'MCH' },
          ],
        },
      })
      const trust = createDemoTrust({
        seed: config.seed,
        scale: config.scale,
        ...(config.trust ? { trust: config.trust } : {}),
      })
      expect(siteModelSchema.safeParse(trust.siteModel).success).toBe(true)
      expect(trust.siteModel.trust).toEqual({
        id: 'kvh',
        name: 'Kestrel Vale Hospitals NHS Trust',
        odsCode: null,
      })
      expect(trust.siteModel.sites.map((s) => [s.name, s.shortName])).toEqual([
        ['Kestrel Vale General Hospital', 'KVG'],
        ['Moorcross Hospital', 'MCH'],
      ])
      // Smaller than Northgate at scale 1 (three sites): a collaborative's trusts differ in size.
      expect(trust.siteModel.beds.length).toBeLessThan(createDemoTrust({ scale: 1 }).siteModel.beds.length)
      const store = createCheckingStore()
      const sim = trust.simulate(START)
      store.apply(sim.initialOps())
      store.apply(sim.step(10 * 60_000))
      expect(store.problems).toEqual([])
      expect(store.entities.get('beds')?.size).toBe(trust.siteModel.beds.length)
    },
    SLOW,
  )
})
