/**
 * The demo trust's dynamics, as a pure function of (seed, start time, simulated time): the adapter
 * calls `step(dtMs)` on its timer, tests call it directly. Time advances in fixed 100 ms ticks, so
 * stepping 1 s once or 100 ms ten times gives the same events.
 *
 * What moves is in one file per part, all drawing from one PRNG in the order this file calls them
 * (which is the demo's determinism: change the order and every seed tells another story):
 * - beds (simulateBeds.ts): admissions, discharges, housekeeping, escalation, closures, board rounds;
 * - assets (simulateAssets.ts): RTLS reports, moves, states, batteries, tags that go missing;
 * - network (simulateNetwork.ts): polling jitter, degradations, access switches failing;
 * - cyber (simulateCyber.ts): background alerts, phishing waves, malware that moves laterally.
 */
import { assertNever } from '../../../shared/util/assertNever.ts'
import type { Asset, Bed, CyberAlert, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import { createLondonClock } from './londonClock.ts'
import { createPrng } from './prng.ts'
import { EventQueue } from './scheduler.ts'
import { TICK_MS, type DemoModel, type DemoStats, type SimContext } from './simContext.ts'
import { createAssetSimulation } from './simulateAssets.ts'
import { createBedSimulation } from './simulateBeds.ts'
import { createCyberSimulation } from './simulateCyber.ts'
import { createNetworkSimulation } from './simulateNetwork.ts'

export type DemoSimulatorOptions = {
  /** Simulated epoch ms of the first tick (the adapter uses its clock at start). */
  readonly startAt: number
  /** Approximate events per second, on average (beds and cyber come on top at hospital pace). */
  readonly rate: number
  /** Names the cyber alerts' `source`. */
  readonly sourceId: string
  /** Scripted incidents, on top of the random ones. */
  readonly drills?: readonly { readonly kind: 'switch-failure'; readonly afterSeconds: number }[]
}

export type DemoSimulator = {
  /** Simulated time, epoch ms. */
  now(): number
  /** Upserts of every entity as of the start (call once, before stepping). */
  initialOps(): SourceOp[]
  /** Advances simulated time by `dtMs` and returns the operations that happened. */
  step(dtMs: number): SourceOp[]
  /** Read-only views of the current state, for tests and diagnostics. */
  beds(): ReadonlyMap<string, Bed>
  assets(): ReadonlyMap<string, Asset>
  devices(): ReadonlyMap<string, NetworkDevice>
  alerts(): ReadonlyMap<string, CyberAlert>
  /** Counters of notable happenings since the start. */
  stats(): Readonly<DemoStats>
}

/** Share of the `rate` budget spent on RTLS reports; the rest is network polling. */
const ASSET_SHARE = 0.65

export function createDemoSimulator(model: DemoModel, options: DemoSimulatorOptions): DemoSimulator {
  const queue = new EventQueue()
  const startAt = Math.round(options.startAt)
  const rate = Math.max(0, options.rate)
  let tick = 0
  let t = startAt
  let out: SourceOp[] = []
  const ctx: SimContext = {
    model,
    prng: createPrng(model.seed).fork('simulation'),
    clock: createLondonClock(),
    queue,
    stats: {
      admissions: 0,
      discharges: 0,
      cleansCompleted: 0,
      escalationOpened: 0,
      escalationClosed: 0,
      switchFailures: 0,
      assetsWentMissing: 0,
      alertsRaised: 0,
    },
    now: () => t,
    emit: (op) => {
      out.push(op)
    },
  }
  const beds = createBedSimulation(ctx)
  const assets = createAssetSimulation(ctx, (rate * ASSET_SHARE * TICK_MS) / 1000)
  const network = createNetworkSimulation(ctx, (rate * (1 - ASSET_SHARE) * TICK_MS) / 1000)
  const cyber = createCyberSimulation(ctx, options.sourceId)

  function runTick(): void {
    tick += 1
    t = startAt + tick * TICK_MS
    for (let e = queue.popDue(t); e !== undefined; e = queue.popDue(t)) e.run()
    beds.tick()
    cyber.tick()
    beds.sweep()
    assets.tick()
    network.tick()
  }

  let started = false
  let acc = 0

  return {
    now: () => t,
    initialOps(): SourceOp[] {
      if (started) throw new Error('initialOps() called twice')
      started = true
      beds.initial()
      assets.initial()
      network.initial()
      cyber.initial()
      network.scheduleSwitchFailure()
      for (const drill of options.drills ?? []) {
        switch (drill.kind) {
          case 'switch-failure':
            queue.schedule(t + Math.round(drill.afterSeconds * 1000), network.failSwitch)
            break
          default:
            assertNever(drill.kind, 'drill')
        }
      }
      cyber.scheduleIncidents()
      out = []
      const ops: SourceOp[] = []
      for (const e of beds.entities.values()) ops.push({ topic: 'beds', op: 'upsert', entity: e })
      for (const e of assets.entities.values()) ops.push({ topic: 'assets', op: 'upsert', entity: e })
      for (const e of network.entities.values()) ops.push({ topic: 'network', op: 'upsert', entity: e })
      for (const e of cyber.entities.values()) ops.push({ topic: 'cyber', op: 'upsert', entity: e })
      return ops
    },
    step(dtMs: number): SourceOp[] {
      if (!started) throw new Error('call initialOps() before step()')
      out = []
      acc += Math.max(0, dtMs)
      while (acc >= TICK_MS) {
        acc -= TICK_MS
        runTick()
      }
      return out
    },
    beds: () => beds.entities,
    assets: () => assets.entities,
    devices: () => network.entities,
    alerts: () => cyber.entities,
    stats: () => ctx.stats,
  }
}
