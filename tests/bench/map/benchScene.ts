/**
 * A synthetic hospital at the docs/architecture.md bench scale for the map benchmark: `levels` ward floors of
 * 10 wards each, 12,000 beds and 40,000 tags spread over them (or all on one level for the
 * crowded-level case), plus an IMDF plan per level. Seeded, so runs compare like with like.
 */
import type { Asset, Bed, BedStatus, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { HubToWindowMessage, ReplicaSnapshot } from '../../../shared/contracts/hub.ts'
import type { BedPlace, Level, SiteModel, Unit } from '../../../shared/contracts/places.ts'
import { toLonLat } from '../../../shared/domain/geo.ts'

export type BenchOptions = {
  beds: number
  assets: number
  devices: number
  levels: number
  seed: number
  /** Shares of tag moves, bed changes and device polls in the event stream (summing to 1). */
  mix?: { tags: number; beds: number; devices: number }
}

/**
 * The default event mix, in proportion to a trust's real sources: RTLS dominates (40,000 tags
 * reporting every few seconds), then network polls; bed changes at 250/s are still ~1,000× a
 * real trust's ADT rate, kept high as a stress. `BENCH_MAP_MIX=70,25,5` gives the heavier bed mix.
 */
export const DEFAULT_MIX = { tags: 0.85, beds: 0.05, devices: 0.1 }

const ORIGIN: [number, number] = [-2.1, 52.6]
const WARD_W = 60
const WARD_H = 24

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const rect = (x: number, y: number, w: number, h: number): [number, number][] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
]

export type BenchScene = {
  siteModel: SiteModel
  plans: Map<string, unknown>
  snapshot: ReplicaSnapshot
  /**
   * Generates `count` mixed events as one hub `changes` message: tag moves, bed status changes
   * and device polls in the proportions of `mix` (1 in 20 polls an up/down flip: a flapping network).
   */
  step(count: number, now: number): HubToWindowMessage
  visibleLevelId: string
}

export function createBenchScene(options: BenchOptions): BenchScene {
  const random = rng(options.seed)
  const mix = options.mix ?? DEFAULT_MIX
  const levels: Level[] = []
  const units: Unit[] = []
  const bedPlaces: BedPlace[] = []
  const bedsPerLevel = Math.ceil(options.beds / options.levels)
  const wardsPerLevel = Math.max(1, Math.ceil(bedsPerLevel / 40))
  const cols = Math.ceil(Math.sqrt(wardsPerLevel))
  for (let l = 0; l < options.levels; l++) {
    levels.push({
      id: `lvl-${l}`,
      physicalType: 'lvl',
      siteId: 'site',
      buildingId: 'bld',
      name: `Level ${l}`,
      shortName: String(l),
      ordinal: l,
      origin: ORIGIN,
    })
    for (let w = 0; w < wardsPerLevel; w++) {
      const x0 = (w % cols) * (WARD_W + 6)
      const y0 = Math.floor(w / cols) * (WARD_H + 6)
      units.push({
        id: `ward-${l}-${w}`,
        physicalType: 'wa',
        kind: 'ward',
        siteId: 'site',
        buildingId: 'bld',
        levelId: `lvl-${l}`,
        parentUnitId: null,
        name: `Ward ${l}.${w}`,
        specialty: 'General Medicine',
        generalAndAcute: true,
        outline: rect(x0, y0, WARD_W, WARD_H),
        labelAt: [x0 + WARD_W / 2, y0 + WARD_H / 2],
      })
      for (
        let b = 0;
        b < 40 && bedPlaces.length < (l + 1) * bedsPerLevel && bedPlaces.length < options.beds;
        b++
      ) {
        bedPlaces.push({
          id: `bed-${l}-${w}-${b}`,
          physicalType: 'bd',
          siteId: 'site',
          levelId: `lvl-${l}`,
          wardId: `ward-${l}-${w}`,
          roomId: `ward-${l}-${w}`,
          label: `B${b + 1}`,
          escalation: b >= 38,
          sideRoom: false,
          bayLabel: `Bay ${Math.floor(b / 6) + 1}`,
          sexOfBay: 'mixed',
          at: [x0 + 2 + (b % 20) * 2.9, y0 + (b < 20 ? 3 : WARD_H - 3)],
          rotation: 0,
        })
      }
    }
  }
  const siteModel: SiteModel = {
    trust: { id: 'bench', name: 'Bench Trust', odsCode: null },
    sites: [{ id: 'site', physicalType: 'si', name: 'Bench site', shortName: 'BEN' }],
    buildings: [{ id: 'bld', physicalType: 'bu', siteId: 'site', name: 'Main' }],
    levels,
    units,
    beds: bedPlaces,
  }
  const plans = new Map<string, unknown>()
  for (const level of levels) {
    const features = units
      .filter((u) => u.levelId === level.id)
      .map((u, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        feature_type: 'unit',
        geometry: {
          type: 'Polygon',
          coordinates: [[...u.outline, u.outline[0]!].map((p) => toLonLat(p, ORIGIN))],
        },
        properties: {
          category: 'room',
          name: { en: u.name },
          level_id: level.id,
          'nhs:kind': 'ward',
          'nhs:unitId': u.id,
        },
      }))
    plans.set(level.id, { type: 'FeatureCollection', features })
  }

  const statuses: BedStatus[] = [
    'occupied',
    'occupied',
    'occupied',
    'occupied',
    'unoccupied',
    'housekeeping',
    'closed',
    'isolated',
  ]
  const t0 = Date.now()
  const beds: Record<string, Bed> = {}
  for (const p of bedPlaces) {
    beds[p.id] = {
      id: p.id,
      status: statuses[Math.floor(random() * statuses.length)] ?? 'occupied',
      statusSince: t0 - Math.floor(random() * 86_400_000),
      closedReason: null,
      housekeeping: null,
      escalationOpen: false,
      nctr: random() < 0.1,
      expectedDischargeToday: random() < 0.15,
      lengthOfStayDays: Math.floor(random() * 30),
      updatedAt: t0,
    }
  }
  const wardsByLevel = new Map<string, Unit[]>()
  for (const u of units) wardsByLevel.set(u.levelId, [...(wardsByLevel.get(u.levelId) ?? []), u])
  const assets: Record<string, Asset> = {}
  const assetIds: string[] = []
  for (let i = 0; i < options.assets; i++) {
    const level = levels[i % levels.length]!
    const ward = wardsByLevel.get(level.id)![i % wardsByLevel.get(level.id)!.length]!
    const [x0, y0] = ward.outline[0]!
    const id = `tag-${i}`
    assetIds.push(id)
    assets[id] = {
      id,
      type: i % 5 === 0 ? 'wheelchair' : 'infusion-pump',
      label: `IP-${i}`,
      siteId: 'site',
      levelId: level.id,
      x: x0 + random() * WARD_W,
      y: y0 + random() * WARD_H,
      zoneId: ward.id,
      homeUnitId: ward.id,
      lastSeen: t0,
      battery: 80,
      state: 'available',
    }
  }
  const devices: Record<string, NetworkDevice> = {}
  const deviceIds: string[] = []
  for (let i = 0; i < options.devices; i++) {
    const ward = units[i % units.length]!
    const id = `ap-${i}`
    deviceIds.push(id)
    devices[id] = {
      id,
      name: `AP-${i}`,
      kind: 'access-point',
      siteId: 'site',
      levelId: ward.levelId,
      x: ward.labelAt[0] + (i % 3) * 8 - 8,
      y: ward.labelAt[1],
      // A standing outage: the APs of the shown floor's first two wards are down (a switch failure),
      // so the outage footprint is drawn and listed throughout the run.
      status: ward.id === 'ward-0-0' || ward.id === 'ward-0-1' ? 'down' : 'up',
      statusSince: t0,
      latencyMs: 2,
      lossPct: 0,
      utilisationPct: 20,
      uplinkId: null,
      links: [],
      servesUnitIds: [ward.id],
      address: null,
      lastPolledAt: t0,
    }
  }
  const topic = { seq: 1, confirmedAt: t0, resyncs: 0, restored: null }
  const snapshot: ReplicaSnapshot = {
    hello: null,
    siteModel,
    connection: { status: 'connected', since: t0, detail: null, gatewayUrl: 'bench' },
    topics: { beds: topic, assets: topic, network: topic, cyber: topic, waiting: topic },
    entities: {
      beds: Object.values(beds),
      assets: Object.values(assets),
      network: Object.values(devices),
      cyber: [],
      waiting: [],
    },
    sources: [],
    alarms: [],
    alarmActions: [],
  }

  let seq = 1
  return {
    siteModel,
    plans,
    snapshot,
    visibleLevelId: 'lvl-0',
    step(count, now) {
      seq++
      const moved: Asset[] = []
      const changedBeds: Bed[] = []
      const changedDevices: NetworkDevice[] = []
      for (let i = 0; i < count; i++) {
        const r = random()
        if (r < mix.tags) {
          const id = assetIds[Math.floor(random() * assetIds.length)]!
          const a = assets[id]!
          const next = { ...a, x: a.x + (random() - 0.5) * 2, y: a.y + (random() - 0.5) * 2, lastSeen: now }
          assets[id] = next
          moved.push(next)
        } else if (r < mix.tags + mix.beds) {
          const p = bedPlaces[Math.floor(random() * bedPlaces.length)]!
          const next = {
            ...beds[p.id]!,
            status: statuses[Math.floor(random() * statuses.length)] ?? 'occupied',
            statusSince: now,
            updatedAt: now,
          }
          beds[p.id] = next
          changedBeds.push(next)
        } else {
          const id = deviceIds[Math.floor(random() * deviceIds.length)]!
          const d = devices[id]!
          // Most network events are poll results (latency, utilisation); 1 in 20 changes a status.
          const next: NetworkDevice =
            random() < 0.05
              ? { ...d, status: d.status === 'up' ? 'down' : 'up', statusSince: now, lastPolledAt: now }
              : { ...d, latencyMs: 1 + random() * 20, utilisationPct: random() * 90, lastPolledAt: now }
          devices[id] = next
          changedDevices.push(next)
        }
      }
      const topicState = { seq, confirmedAt: now, resyncs: 0, restored: null }
      return {
        type: 'changes',
        changes: {
          topics: { beds: topicState, assets: topicState, network: topicState },
          entities: {
            assets: { reset: false, upserts: moved, removes: [] },
            beds: { reset: false, upserts: changedBeds, removes: [] },
            network: { reset: false, upserts: changedDevices, removes: [] },
          },
        },
      }
    },
  }
}
