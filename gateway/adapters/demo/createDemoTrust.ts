/**
 * The demo-trust source: a deterministic simulator of a fictional three-site NHS trust, so a fresh
 * machine shows a living hospital (`npm run gateway -- --demo`). It defines the places (site model
 * and IMDF floor plans) and feeds every topic, the waiting list (a synthetic PTL) included.
 *
 * Determinism: the site model, the floor plans and the event stream depend only on the seed, the
 * scale, the rate and the start time; see `createDemoSimulator` for stepping it in tests. The
 * adapter's timer only decides *when* the simulator is stepped, never what happens.
 */
import { z } from 'zod'
import type { Topic } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import type { AdapterContext, SourceAdapter, SourceOp } from '../../ingest/sourceAdapter.ts'
import { buildFloorPlans } from './buildFloorPlans.ts'
import type { DemoSimulator } from './createDemoSimulator.ts'
import type { DemoModel } from './simContext.ts'
import { createDemoSimulator } from './createDemoSimulator.ts'
import { generateAssets } from './generateAssets.ts'
import { demoPtlOps, generateDemoPtl } from './generateDemoPtl.ts'
import { generateNetwork } from './generateNetwork.ts'
import { generateTrust } from './generateTrust.ts'
import type { ImdfFeatureCollection } from './imdf.ts'
import { createPrng } from './prng.ts'
import { londonDateOf } from '../../../shared/domain/waiting/rttWaits.ts'

export const DEFAULT_DEMO_SEED = 20_260_101
/** Events per second at scale 1; the default rate grows with the scale. */
export const DEFAULT_RATE_PER_SCALE = 50

/**
 * A scripted incident: `afterSeconds` after the simulator starts, it happens on top of the
 * random ones. `switch-failure` takes an access switch (and every AP on it) down.
 */
export const demoDrillSchema = z
  .object({
    kind: z.enum(['switch-failure']),
    afterSeconds: z.number().min(0).max(86_400),
  })
  .strict()
export type DemoDrill = z.infer<typeof demoDrillSchema>

/**
 * Another fictional trust than Northgate, for a collaborative's demo (`npm run demo:collaborative`):
 * its name and its sites' names (one to three sites). The seed and scale make it differ.
 */
export const demoTrustIdentitySchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    /** Fictional; never a real trust's ODS code. */
    odsCode: z.string().min(1).max(8).nullable().default(null),
    sites: z
      .array(z.object({ name: z.string().min(1).max(120), shortName: z.string().min(1).max(12) }).strict())
      .min(1)
      .max(3)
      .optional(),
  })
  .strict()
export type DemoTrustIdentityConfig = z.infer<typeof demoTrustIdentitySchema>

/** The `sources[]` entry of a demo source in the gateway config. */
export const demoSourceConfigSchema = z
  .object({
    kind: z.literal('demo'),
    id: z.string().min(1).max(128).default('demo'),
    seed: z.number().int().min(0).max(0xffff_ffff).default(DEFAULT_DEMO_SEED),
    /** Multiplies the trust: 1 ≈ 1,200 beds, 4,000 tags, 600 devices; 10 ≈ ten times that. */
    scale: z.number().min(0.1).max(50).default(1),
    /** Approximate events per second; defaults to 50 × scale. */
    rate: z.number().min(0).max(100_000).optional(),
    /** How often the adapter steps the simulator. */
    tickMs: z.number().int().min(20).max(5_000).default(100),
    /** Incidents on demand, for training, demonstrations and end-to-end tests. */
    drills: z.array(demoDrillSchema).max(20).default([]),
    /** Who the trust is (default: Northgate Teaching Hospitals NHS Foundation Trust, three sites). */
    trust: demoTrustIdentitySchema.optional(),
  })
  .strict()
export type DemoSourceConfig = z.infer<typeof demoSourceConfigSchema>

export type DemoTrustOptions = {
  readonly seed?: number
  readonly scale?: number
  readonly rate?: number
  /** Source id, shown in `sources` and on cyber alerts. */
  readonly id?: string
  readonly tickMs?: number
  readonly drills?: readonly DemoDrill[]
  readonly trust?: DemoTrustIdentityConfig
}

export type DemoTrust = {
  readonly siteModel: SiteModel
  /** IMDF FeatureCollection per level id. */
  readonly floorPlans: Map<string, ImdfFeatureCollection>
  readonly adapter: SourceAdapter
  /** Everything generated from the seed, for tests and benchmarks that step a simulator directly. */
  readonly model: DemoModel
  /** A fresh simulator starting at `startAt` (epoch ms), independent of the adapter's. */
  simulate(startAt: number): DemoSimulator
}

/** Operations per `emit` call while sending the initial state, so no call is enormous. */
const INITIAL_CHUNK = 2_000
/**
 * One timer firing advances at most this many ticks' worth of simulated time. After a stall (or
 * the initial load) the simulator catches up at up to 5× real time: a bounded burst for the
 * clients, not a flood.
 */
const CATCH_UP_FACTOR = 5
const TOPICS: readonly Topic[] = ['beds', 'assets', 'network', 'cyber', 'waiting']

export function createDemoTrust(options: DemoTrustOptions = {}): DemoTrust {
  const seed = (options.seed ?? DEFAULT_DEMO_SEED) >>> 0
  const scale = options.scale ?? 1
  const rate = options.rate ?? DEFAULT_RATE_PER_SCALE * scale
  const id = options.id ?? 'demo'
  const tickMs = options.tickMs ?? 100
  const root = createPrng(seed)
  const identity = options.trust
  const world = generateTrust(
    root.fork('places'),
    scale,
    identity === undefined
      ? undefined
      : {
          trust: { id: identity.id, name: identity.name, odsCode: identity.odsCode },
          ...(identity.sites === undefined ? {} : { sites: identity.sites }),
        },
  )
  const network = generateNetwork(root.fork('network'), world, scale)
  const assets = generateAssets(root.fork('assets'), world, scale)
  const floorPlans = buildFloorPlans(root.fork('imdf'), world)
  const model: DemoModel = { seed, scale, world, network, assets }
  const simulate = (startAt: number): DemoSimulator =>
    createDemoSimulator(model, { startAt, rate, sourceId: id, drills: options.drills ?? [] })

  let timer: ReturnType<typeof setInterval> | null = null
  let stopped = true

  const adapter: SourceAdapter = {
    id,
    kind: 'demo',
    topics: TOPICS,
    async start(context: AdapterContext): Promise<void> {
      if (!stopped) return
      stopped = false
      const log = context.log.child('demo')
      const sim = simulate(context.now())
      const initial = sim.initialOps()
      log.info('demo trust starting', {
        seed,
        scale,
        rate,
        beds: world.siteModel.beds.length,
        assets: assets.length,
        devices: network.devices.length,
        initialOps: initial.length,
      })
      for (let i = 0; i < initial.length && !stopped; i += INITIAL_CHUNK) {
        emit(context, initial.slice(i, i + INITIAL_CHUNK))
        // Yield between chunks so a large trust does not hold the event loop for the whole load.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      if (stopped) return
      // The waiting list: a synthetic PTL of its own stream (generateDemoPtl), sent like the rest.
      const ptl = generateDemoPtl({
        seed,
        trustId: world.siteModel.trust.id,
        beds: world.siteModel.beds.length,
        siteCodes: world.siteModel.sites.map((_, i) => `${world.siteModel.trust.odsCode ?? 'RZZ'}0${i + 1}`),
        today: londonDateOf(context.now()),
        now: context.now(),
        keyedHash: context.keyedHash,
        source: id,
      })
      const ptlOps = demoPtlOps(ptl)
      for (let i = 0; i < ptlOps.length && !stopped; i += INITIAL_CHUNK) {
        emit(context, ptlOps.slice(i, i + INITIAL_CHUNK))
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      if (stopped) return
      context.sink.status('up', null)
      timer = setInterval(() => {
        // Step towards the wall clock, catching up at a bounded pace after a stall.
        const dt = Math.min(Math.max(0, context.now() - sim.now()), tickMs * CATCH_UP_FACTOR)
        const ops = sim.step(dt)
        if (ops.length > 0) emit(context, ops)
      }, tickMs)
    },
    async stop(): Promise<void> {
      stopped = true
      if (timer !== null) clearInterval(timer)
      timer = null
    },
  }

  return { siteModel: world.siteModel, floorPlans, adapter, model, simulate }
}

function emit(context: AdapterContext, ops: readonly SourceOp[]): void {
  const { rejected } = context.sink.emit(ops)
  // The simulator's output always fits the contracts; a rejection means the two drifted apart.
  if (rejected > 0) context.log.warn('demo ops rejected', { rejected, total: ops.length })
}
