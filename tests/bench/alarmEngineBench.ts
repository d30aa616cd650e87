/**
 * Alarm engine at bench scale (docs/architecture.md: ~12,000 beds, 40,000 assets, 6,000 network devices,
 * 5,000 events/s): how long the engine takes to take a full snapshot, to apply one second of
 * mixed events in hub-sized batches, to run its clock tick, and to fold a switch failure.
 * Prints figures; asserts nothing (timings are not tests).
 *
 *   node tests/bench/alarmEngineBench.ts
 */
import { readFileSync } from 'node:fs'
import type { Asset, Bed, NetworkDevice } from '../../shared/contracts/entities.ts'
import type { SiteModel } from '../../shared/contracts/places.ts'
import { AlarmEngine } from '../../shared/domain/alarms/AlarmEngine.ts'
import { parseRulePackText } from '../../shared/domain/alarms/parseRulePackText.ts'
import { makeAsset, makeBed, makeClock, makeDevice, makeSiteModel } from '../support/alarmBuilders.ts'
import { readBenchArgs } from './benchCli.ts'

readBenchArgs({
  name: 'alarmEngineBench',
  usage: 'node tests/bench/alarmEngineBench.ts [--help]',
  summary:
    'The alarm engine at bench scale: full snapshot, one second of mixed events in hub-sized batches,\n' +
    'the clock tick and a switch failure; prints the time each takes.',
  flags: {},
  env: [],
})

const BEDS = 12_000
const ASSETS = 40_000
const WARDS = 400
const SWITCHES = 600
const APS_PER_SWITCH = 9 // 600 + 5,400 = 6,000 devices

const pack = parseRulePackText(
  readFileSync(new URL('../../resources/alarm-rules/nhs-default.yaml', import.meta.url), 'utf8'),
)
if (!pack.ok) throw new Error(pack.errors.join('\n'))

const clock = makeClock()
const t0 = clock.now()

// A site model with 400 wards of 30 beds (the builder's two wards, widened).
const base = makeSiteModel()
const templateUnit = base.units[0]
if (templateUnit === undefined) throw new Error('no unit')
const units = Array.from({ length: WARDS }, (_, i) => ({
  ...templateUnit,
  id: `ward-${i}`,
  name: `Ward ${i}`,
}))
const beds: SiteModel['beds'] = Array.from({ length: BEDS }, (_, i) => ({
  id: `bed-${i}`,
  physicalType: 'bd',
  siteId: 'site-a',
  levelId: 'lvl-1',
  wardId: `ward-${i % WARDS}`,
  roomId: `ward-${i % WARDS}`,
  label: `B${i}`,
  escalation: false,
  sideRoom: false,
  bayLabel: null,
  sexOfBay: 'mixed',
  at: [0, 0],
  rotation: 0,
}))
const siteModel: SiteModel = { ...base, units, beds }

let seq = 0
const bedEntity = (i: number): Bed =>
  makeBed({
    id: `bed-${i}`,
    status: (i + seq) % 10 < 9 ? 'occupied' : 'unoccupied',
    statusSince: t0 - 3_600_000,
    updatedAt: t0,
  })
const assetEntity = (i: number): Asset =>
  makeAsset({
    id: `tag-${i}`,
    type: i % 3 === 0 ? 'infusion-pump' : i % 3 === 1 ? 'wheelchair' : 'patient-monitor',
    zoneId: `ward-${(i + seq) % WARDS}`,
    homeUnitId: `ward-${i % WARDS}`,
    lastSeen: clock.now(),
  })
const devices: NetworkDevice[] = []
for (let s = 0; s < SWITCHES; s += 1) {
  devices.push(makeDevice({ id: `sw-${s}`, kind: 'access-switch', statusSince: t0 }))
  for (let a = 0; a < APS_PER_SWITCH; a += 1)
    devices.push(makeDevice({ id: `ap-${s}-${a}`, uplinkId: `sw-${s}`, statusSince: t0 }))
}

const engine = new AlarmEngine({ pack: pack.pack, now: clock.now })
engine.setConnection('connected', t0)

/**
 * CPU time of `fn` (user + system), not wall time: the bench machines are shared, and a process
 * waiting for a core would otherwise be billed for other people's work.
 */
const time = (label: string, fn: () => void): number => {
  const start = process.cpuUsage()
  fn()
  const used = process.cpuUsage(start)
  const ms = (used.user + used.system) / 1000
  process.stdout.write(`${label.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms CPU\n`)
  return ms
}

time('setSiteModel (400 wards, 12k bed places)', () => engine.setSiteModel(siteModel))
const allBeds = Array.from({ length: BEDS }, (_, i) => bedEntity(i))
const allAssets = Array.from({ length: ASSETS }, (_, i) => assetEntity(i))
time('snapshot: 12,000 beds', () =>
  engine.applyEntities('beds', { reset: true, upserts: allBeds, removes: [] }),
)
time('snapshot: 40,000 assets', () =>
  engine.applyEntities('assets', { reset: true, upserts: allAssets, removes: [] }),
)
time('snapshot: 6,000 devices', () =>
  engine.applyEntities('network', { reset: true, upserts: devices, removes: [] }),
)
for (const topic of ['beds', 'assets', 'network', 'cyber'] as const) engine.setConfirmedAt(topic, clock.now())
time('alarms() after snapshot', () => engine.alarms())

// One second at 5,000 ev/s: 65 % assets, 30 % network, 5 % beds, in 60 hub flushes (one per frame).
// The events are built before the clock starts: the figure is the engine's work only.
type Flush = { assets: Asset[]; net: NetworkDevice[]; beds: Bed[] }
const buildSecond = (): Flush[] =>
  Array.from({ length: 60 }, () => {
    seq += 1
    return {
      assets: Array.from({ length: 54 }, (_, k) => assetEntity((seq * 54 + k) % ASSETS)),
      net: Array.from({ length: 25 }, (_, k) => devices[(seq * 25 + k) % devices.length] as NetworkDevice),
      beds: Array.from({ length: 4 }, (_, k) => bedEntity((seq * 4 + k) % BEDS)),
    }
  })
let prepared = buildSecond()
const second = (): void => {
  for (const flush of prepared) {
    clock.advance(16)
    engine.applyEntities('assets', { reset: false, upserts: flush.assets, removes: [] })
    engine.applyEntities('network', { reset: false, upserts: flush.net, removes: [] })
    engine.applyEntities('beds', { reset: false, upserts: flush.beds, removes: [] })
    engine.alarms()
  }
}
second()
const runs = 10
let total = 0
for (let i = 0; i < runs; i += 1) {
  prepared = buildSecond()
  total += time(`1 s of events (5,000 ev in 60 flushes), run ${i + 1}`, second)
}
process.stdout.write(
  `${'mean per second of events'.padEnd(58)} ${(total / runs).toFixed(1).padStart(8)} ms  (= ${(total / runs / 10).toFixed(1)} % of one core)\n`,
)

let tickTotal = 0
for (let i = 0; i < 5; i += 1) {
  clock.advance(1_000)
  tickTotal += time(`tick (full clock pass), run ${i + 1}`, () => engine.tick())
}
process.stdout.write(`${'mean tick'.padEnd(58)} ${(tickTotal / 5).toFixed(1).padStart(8)} ms\n`)

// A switch fails with its APs, 60 s later the flood folds into one line.
const failed = devices
  .filter((d) => d.id === 'sw-7' || d.uplinkId === 'sw-7')
  .map((d) => ({ ...d, status: 'down' as const, statusSince: clock.now() }))
time('switch failure batch (10 devices down)', () =>
  engine.applyEntities('network', { reset: false, upserts: failed, removes: [] }),
)
clock.advance(61_000)
time('tick raising the flood', () => engine.tick())
let lines = engine.alarms()
time('alarms() with the flood', () => {
  lines = engine.alarms()
})
const flood = lines.find((a) => a.subject.id === 'sw-7')
process.stdout.write(
  `flood line: ${flood?.groupCount ?? 0} devices in one line; ${lines.length} alarm lines in all\n`,
)
process.stdout.write(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB\n`)
