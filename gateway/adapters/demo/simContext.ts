/**
 * What the demo simulator's parts (beds, assets, network, cyber) share: one PRNG whose call order is
 * the demo's determinism (parts draw from it in the fixed order the simulator calls them), the London
 * clock, one event queue, simulated time and the current step's operations.
 */
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type { DemoWorld } from './demoWorld.ts'
import type { AssetSpec } from './generateAssets.ts'
import type { DemoNetwork } from './generateNetwork.ts'
import type { LondonClock } from './londonClock.ts'
import type { Prng } from './prng.ts'
import type { EventQueue } from './scheduler.ts'

/** Everything generated once from the seed; shared by every simulator run. */
export type DemoModel = {
  readonly seed: number
  readonly scale: number
  readonly world: DemoWorld
  readonly network: DemoNetwork
  readonly assets: readonly AssetSpec[]
}

export type DemoStats = {
  admissions: number
  discharges: number
  cleansCompleted: number
  escalationOpened: number
  escalationClosed: number
  switchFailures: number
  assetsWentMissing: number
  alertsRaised: number
}

export type SimContext = {
  readonly model: DemoModel
  readonly prng: Prng
  readonly clock: LondonClock
  readonly queue: EventQueue
  readonly stats: DemoStats
  /** Simulated time of the current tick, epoch ms. */
  now(): number
  /** Adds an operation to the current step's output. */
  emit(op: SourceOp): void
}

export const TICK_MS = 100
export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** Fires with probability `expected` (which is < 1 per tick at any sane setting), or more. */
export function occurrences(prng: Prng, expected: number): number {
  let n = Math.floor(expected)
  if (prng.chance(expected - n)) n += 1
  return n
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100
}
