/**
 * Generates the demo trust's network: per site a WAN router pair, a firewall pair and a core pair;
 * a distribution pair per building; access switches in every floor's comms cupboard; access points
 * along the corridors, each serving the rooms nearest to it (its clinical footprint); a data
 * centre of servers behind their own access switches. Also the workstation and server host names
 * the cyber alerts refer to ("WS-W07-03").
 */
import type { DeviceKind } from '../../../shared/contracts/entities.ts'
import type { DemoWorld } from './demoWorld.ts'
import type { Prng } from './prng.ts'

/** The static part of a network device; the simulator adds status and measurements. */
export type DeviceSpec = {
  readonly id: string
  readonly name: string
  readonly kind: DeviceKind
  readonly siteId: string
  readonly levelId: string | null
  readonly x: number | null
  readonly y: number | null
  readonly uplinkId: string | null
  readonly links: readonly { readonly peerId: string; readonly ifName: string }[]
  readonly servesUnitIds: readonly string[]
  readonly address: string
  readonly baseLatencyMs: number
  readonly baseUtilisationPct: number
}

/** A host a cyber alert can name. */
export type HostSpec = {
  readonly host: string
  readonly kind: 'workstation' | 'server'
  readonly siteId: string
  readonly unitId: string | null
  /** A workstation on a numbered inpatient ward (not the ITU, not a department); false for servers. */
  readonly onWard: boolean
  readonly deviceId: string
}

export type DemoNetwork = {
  readonly devices: readonly DeviceSpec[]
  readonly hosts: readonly HostSpec[]
}

const SERVER_ROLES = [
  'EPR-APP',
  'EPR-DB',
  'PAS',
  'PACS',
  'RIS',
  'LIMS',
  'DC',
  'FILE',
  'PRINT',
  'CITRIX',
  'ESX',
  'BACKUP',
  'EPMA',
  'NURSECALL',
  'RTLS',
]

const BASE: Readonly<Record<DeviceKind, { latency: number; util: number }>> = {
  router: { latency: 6, util: 45 },
  firewall: { latency: 1.2, util: 40 },
  'core-switch': { latency: 0.4, util: 35 },
  'distribution-switch': { latency: 0.8, util: 25 },
  'access-switch': { latency: 1.5, util: 15 },
  'access-point': { latency: 3, util: 20 },
  server: { latency: 0.6, util: 30 },
}

type MutableSpec = Omit<DeviceSpec, 'links' | 'servesUnitIds'> & {
  links: { peerId: string; ifName: string }[]
  servesUnitIds: string[]
}

/** Generates the network of `world`; servers scale with `scale` like everything else. */
export function generateNetwork(prng: Prng, world: DemoWorld, scale: number): DemoNetwork {
  const devices: MutableSpec[] = []
  const byId = new Map<string, MutableSpec>()
  const hosts: HostSpec[] = []
  const { siteModel } = world

  siteModel.sites.forEach((site, siteIndex) => {
    let addressIndex = 0
    const SITE = site.shortName.toUpperCase()
    const add = (
      d: Omit<MutableSpec, 'links' | 'servesUnitIds' | 'address' | 'baseLatencyMs' | 'baseUtilisationPct'> & {
        servesUnitIds?: string[]
      },
    ): MutableSpec => {
      addressIndex += 1
      const base = BASE[d.kind]
      const spec: MutableSpec = {
        ...d,
        links: [],
        servesUnitIds: d.servesUnitIds ?? [],
        address: `10.${20 + siteIndex}.${Math.floor(addressIndex / 250)}.${(addressIndex % 250) + 1}`,
        baseLatencyMs: round1(base.latency * prng.range(0.8, 1.25)),
        baseUtilisationPct: round1(base.util * prng.range(0.6, 1.4)),
      }
      devices.push(spec)
      byId.set(spec.id, spec)
      const up = d.uplinkId === null ? undefined : byId.get(d.uplinkId)
      if (up) {
        spec.links.push({ peerId: up.id, ifName: uplinkIfName(spec.kind) })
        up.links.push({ peerId: spec.id, ifName: downlinkIfName(up.kind, up.links.length) })
      }
      return spec
    }
    const placeless = { siteId: site.id, levelId: null, x: null, y: null }
    const routers = [1, 2].map((n) =>
      add({
        ...placeless,
        id: `${site.id}-rtr-0${n}`,
        name: `${SITE}-WAN-RTR-0${n}`,
        kind: 'router',
        uplinkId: null,
      }),
    )
    const firewalls = routers.map((r, i) =>
      add({
        ...placeless,
        id: `${site.id}-fw-0${i + 1}`,
        name: `${SITE}-FW-0${i + 1}`,
        kind: 'firewall',
        uplinkId: r.id,
      }),
    )
    const cores = firewalls.map((f, i) =>
      add({
        ...placeless,
        id: `${site.id}-core-0${i + 1}`,
        name: `${SITE}-CORE-0${i + 1}`,
        kind: 'core-switch',
        uplinkId: f.id,
      }),
    )

    // Data centre: servers in racks of 20 behind a top-of-rack switch.
    const serverCount = Math.max(4, Math.round((site.id === 'ngh' ? 60 : site.id === 'sah' ? 25 : 6) * scale))
    let tor: MutableSpec | null = null
    const roleCounts = new Map<string, number>()
    for (let s = 0; s < serverCount; s++) {
      if (s % 20 === 0) {
        const n = s / 20 + 1
        tor = add({
          ...placeless,
          id: `${site.id}-dc-as-${pad(n)}`,
          name: `${SITE}-DC-AS-${pad(n)}`,
          kind: 'access-switch',
          uplinkId: (cores[n % 2] as MutableSpec).id,
        })
      }
      const role = SERVER_ROLES[s % SERVER_ROLES.length] as string
      const n = (roleCounts.get(role) ?? 0) + 1
      roleCounts.set(role, n)
      const name = `SRV-${SITE}-${role}-${pad(n)}`
      const server = add({
        ...placeless,
        id: `${site.id}-srv-${role.toLowerCase()}-${pad(n)}`,
        name,
        kind: 'server',
        uplinkId: (tor as MutableSpec).id,
      })
      hosts.push({
        host: name,
        kind: 'server',
        siteId: site.id,
        unitId: null,
        onWard: false,
        deviceId: server.id,
      })
    }

    // Buildings: a distribution pair on the ground floor; access switches and APs on every floor.
    for (const building of siteModel.buildings.filter((b) => b.siteId === site.id)) {
      const plans = world.levelPlans.filter((p) => p.buildingId === building.id)
      const ground = plans[0]
      const B = building.id.slice(site.id.length + 1).toUpperCase()
      const dists = [1, 2].map((n) =>
        add({
          id: `${building.id}-ds-0${n}`,
          name: `${SITE}-${B}-DS-0${n}`,
          kind: 'distribution-switch',
          siteId: site.id,
          levelId: ground?.levelId ?? null,
          x: ground ? round1(ground.commsRoom.x0 + 0.6 * n) : null,
          y: ground ? round1(ground.commsRoom.y1 - 0.5) : null,
          uplinkId: (cores[n - 1] as MutableSpec).id,
        }),
      )
      for (const plan of plans) {
        const level = siteModel.levels.find((l) => l.id === plan.levelId)
        const L = `L${level?.shortName ?? '?'}`
        // One switch per ~6 APs, plus two for the wards' PCs, phones and nurse call.
        const switchCount = Math.ceil(plan.apSpots.length / 6) + 2
        const switches: MutableSpec[] = []
        for (let s = 0; s < switchCount; s++) {
          const r = plan.commsRoom
          switches.push(
            add({
              id: `${plan.levelId}-as-${pad(s + 1)}`,
              name: `${SITE}-${B}-${L}-AS-${pad(s + 1)}`,
              kind: 'access-switch',
              siteId: site.id,
              levelId: plan.levelId,
              x: round1(r.x0 + 0.5 + (s % 3) * 0.9),
              y: round1(r.y0 + 0.5 + Math.floor(s / 3) * 0.7),
              uplinkId: (dists[s % 2] as MutableSpec).id,
              servesUnitIds: [...plan.areaIds],
            }),
          )
        }
        plan.apSpots.forEach((spot, i) => {
          const sw = switches[i % switches.length] as MutableSpec
          add({
            id: `${plan.levelId}-ap-${pad(i + 1)}`,
            name: `${SITE}-${B}-${L}-AP-${pad(i + 1)}`,
            kind: 'access-point',
            siteId: site.id,
            levelId: plan.levelId,
            x: spot.at[0],
            y: spot.at[1],
            uplinkId: sw.id,
            servesUnitIds: [...spot.servesUnitIds],
          })
          for (const u of spot.servesUnitIds) if (!sw.servesUnitIds.includes(u)) sw.servesUnitIds.push(u)
        })
        // Workstations on the wards and departments of the floor, patched into its first switch.
        for (const areaId of plan.areaIds) {
          const count = prng.int(4, 8)
          const tag = areaTag(areaId)
          for (let w = 1; w <= count; w++) {
            hosts.push({
              host: `WS-${tag}-${pad(w)}`,
              kind: 'workstation',
              siteId: site.id,
              unitId: areaId,
              onWard: wardNumberOf(areaId) !== null,
              deviceId: (switches[0] as MutableSpec).id,
            })
          }
        }
      }
    }
  })
  return { devices, hosts }
}

/** "ngh-w07" → "W07" (generateTrust names numbered wards so); null for the ITU and departments. */
function wardNumberOf(areaId: string): string | null {
  const area = areaId.split('-', 2)[1]
  return area !== undefined && /^w\d+$/.test(area) ? area.toUpperCase() : null
}

/** "ngh-w07" → "W07", "sah-ed" → "SAH-ED". Ward numbers are unique across the trust. */
function areaTag(areaId: string): string {
  const ward = wardNumberOf(areaId)
  if (ward !== null) return ward
  const [site, area] = areaId.split('-', 2)
  return `${(site ?? '').toUpperCase()}-${(area ?? '').toUpperCase()}`
}

function uplinkIfName(kind: DeviceKind): string {
  switch (kind) {
    case 'access-point':
      return 'eth0'
    case 'server':
      return 'ens192'
    default:
      return 'Te1/1/1'
  }
}

function downlinkIfName(kind: DeviceKind, index: number): string {
  return kind === 'access-switch' ? `Gi1/0/${index}` : `Te1/0/${index}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function round1(v: number): number {
  return Math.round(v * 10) / 10
}
