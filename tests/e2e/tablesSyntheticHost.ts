/**
 * A synthetic host for the table e2e specs and the table bench: the built renderer served from
 * 127.0.0.1, with a fake preload bridge (`window.watchfloor`) injected before the page loads. The
 * fake "hub" posts a snapshot of a deterministic synthetic trust (50,000 tags by default) over a
 * real MessagePort, then a live feed of asset changes at a set rate — so a table can be tested at
 * scale with exact expected counts, independent of the demo simulator's randomness.
 *
 * The feed changes positions, last-seen times and battery only; type, state and place stay fixed,
 * so the filter/facet/group counts a spec asserts are stable while rows keep updating.
 */
import { ASSET_STATES, ASSET_TYPES } from '../../shared/contracts/entities.ts'
import { serveDirectory } from '../support/serveDirectory.ts'
import type { Page } from 'playwright-core'

export type SyntheticOptions = {
  readonly assets: number
  readonly wards: number
  readonly bedsPerWard: number
  readonly devices: number
  readonly alerts: number
  /** Asset updates per second on the live feed (0 = no feed). */
  readonly ratePerSec: number
  /** How often the fake hub posts a batch of changes. */
  readonly batchMs: number
  readonly mode: 'desktop' | 'wall'
  readonly boardId: string
  /** Epoch ms the data is generated around (fixed, so counts do not depend on the clock). */
  readonly now: number
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  assets: 50_000,
  wards: 20,
  bedsPerWard: 30,
  devices: 600,
  alerts: 300,
  ratePerSec: 2_000,
  batchMs: 100,
  mode: 'desktop',
  boardId: 'site-manager',
  now: Date.UTC(2026, 10, 21, 9, 0, 0),
}

/** The contract's vocabularies, so the synthetic feed always validates against the schemas. */
export const SYNTH_ASSET_TYPES = ASSET_TYPES
export const SYNTH_ASSET_STATES = ASSET_STATES

/** The type and state of synthetic asset `i` (the generator in the page uses the same rule). */
export function syntheticAsset(i: number): { type: string; state: string; label: string } {
  const type = SYNTH_ASSET_TYPES[i % 13] as string
  // i / 13 so that state does not cycle in lockstep with type: every type has every state.
  const state = SYNTH_ASSET_STATES[Math.floor(i / 13) % 4] as string
  return { type, state, label: `T-${String(i).padStart(5, '0')}` }
}

/**
 * Runs in the page (serialised with `toString`): everything it needs is inside it. Builds the
 * synthetic trust, installs `window.watchfloor`, and feeds the port.
 */
function installSyntheticBridge(
  o: SyntheticOptions & { readonly assetTypes: readonly string[]; readonly assetStates: readonly string[] },
): void {
  // This runs in the page, serialised with toString: the vocabularies arrive in its argument.
  const TYPES = o.assetTypes
  const STATES = o.assetStates
  const BED_STATUSES = [
    'occupied',
    'occupied',
    'occupied',
    'unoccupied',
    'housekeeping',
    'closed',
    'isolated',
    'reserved',
  ]
  const sites = [
    { id: 'site-a', physicalType: 'si', name: 'Alpha General', shortName: 'AGH' },
    { id: 'site-b', physicalType: 'si', name: 'Beta Community', shortName: 'BCH' },
  ]
  const square = [
    [0, 0],
    [20, 0],
    [20, 20],
    [0, 20],
  ]
  const units: Record<string, unknown>[] = []
  const bedPlaces: Record<string, unknown>[] = []
  const beds: Record<string, unknown>[] = []
  for (let w = 0; w < o.wards; w += 1) {
    const siteId = w % 2 === 0 ? 'site-a' : 'site-b'
    const wardId = `ward-${w}`
    const base = {
      siteId,
      buildingId: `bu-${siteId}`,
      levelId: `lvl-${siteId}`,
      outline: square,
      labelAt: [10, 10],
    }
    units.push({
      ...base,
      id: wardId,
      physicalType: 'wa',
      kind: 'ward',
      parentUnitId: null,
      name: `Ward ${w}`,
      specialty: w % 3 === 0 ? 'General Medicine' : 'General Surgery',
      generalAndAcute: w % 5 !== 4,
    })
    units.push({
      ...base,
      id: `${wardId}-bay`,
      physicalType: 'ro',
      kind: 'bay',
      parentUnitId: wardId,
      name: `Ward ${w} bay`,
      specialty: null,
      generalAndAcute: false,
    })
    for (let b = 0; b < o.bedsPerWard; b += 1) {
      const id = `bed-${w}-${b}`
      const escalation = b >= o.bedsPerWard - 2
      bedPlaces.push({
        id,
        physicalType: 'bd',
        siteId,
        levelId: `lvl-${siteId}`,
        wardId,
        roomId: `${wardId}-bay`,
        label: `W${w}-${b}`,
        escalation,
        sideRoom: false,
        bayLabel: 'Bay',
        sexOfBay: b % 2 === 0 ? 'male' : 'female',
        at: [b, 1],
        rotation: 0,
      })
      const status = BED_STATUSES[(w * 7 + b) % BED_STATUSES.length] as string
      beds.push({
        id,
        status,
        statusSince: o.now - ((b * 37) % 600) * 60_000,
        closedReason: status === 'closed' ? (b % 2 === 0 ? 'infection-dv' : 'staffing') : null,
        housekeeping:
          status === 'housekeeping'
            ? { requestedAt: o.now - ((b * 13) % 90) * 60_000, startedAt: null }
            : null,
        escalationOpen: escalation && w % 2 === 0,
        nctr: status === 'occupied' && b % 5 === 0,
        expectedDischargeToday: status === 'occupied' && b % 4 === 1,
        lengthOfStayDays: status === 'occupied' ? (b * 3) % 30 : null,
        updatedAt: o.now,
      })
    }
  }
  const siteModel = {
    trust: { id: 'trust-synthetic', name: 'Synthetic Trust', odsCode: null },
    sites,
    buildings: sites.map((s) => ({ id: `bu-${s.id}`, physicalType: 'bu', siteId: s.id, name: 'Main' })),
    levels: sites.map((s) => ({
      id: `lvl-${s.id}`,
      physicalType: 'lvl',
      siteId: s.id,
      buildingId: `bu-${s.id}`,
      name: 'Ground',
      shortName: 'G',
      ordinal: 0,
      origin: [-1.5, 52.5],
    })),
    units,
    beds: bedPlaces,
  }
  const assets: Record<string, unknown>[] = []
  for (let i = 0; i < o.assets; i += 1) {
    const w = i % o.wards
    const siteId = w % 2 === 0 ? 'site-a' : 'site-b'
    assets.push({
      id: `tag-${i}`,
      type: TYPES[i % 13],
      label: `T-${String(i).padStart(5, '0')}`,
      siteId,
      levelId: `lvl-${siteId}`,
      x: (i * 7) % 200,
      y: (i * 11) % 100,
      zoneId: `ward-${w}-bay`,
      homeUnitId: `ward-${(i * 3) % o.wards}`,
      lastSeen: o.now - (i % 97) * 1000,
      battery: (i * 17) % 101,
      state: STATES[Math.floor(i / 13) % 4],
    })
  }
  const devices: Record<string, unknown>[] = []
  const DEVICE_STATUSES = ['up', 'up', 'up', 'up', 'up', 'up', 'degraded', 'down', 'unknown']
  for (let d = 0; d < o.devices; d += 1) {
    const siteId = d % 2 === 0 ? 'site-a' : 'site-b'
    devices.push({
      id: `dev-${d}`,
      name: `sw-${siteId}-${d}`,
      kind:
        d < 4
          ? 'core-switch'
          : d % 10 === 0
            ? 'distribution-switch'
            : d % 3 === 0
              ? 'access-point'
              : 'access-switch',
      siteId,
      levelId: null,
      x: null,
      y: null,
      status: DEVICE_STATUSES[d % DEVICE_STATUSES.length],
      statusSince: o.now - (d % 120) * 60_000,
      latencyMs: (d * 7) % 90,
      lossPct: (d % 13) / 4,
      utilisationPct: (d * 29) % 100,
      uplinkId: d < 4 ? null : `dev-${d % 4}`,
      links:
        d < 4
          ? []
          : [
              {
                peerId: `dev-${d % 4}`,
                ifName: `Gi1/0/${d % 48}`,
                status: 'up',
                utilisationPct: (d * 31) % 100,
              },
            ],
      servesUnitIds: [`ward-${d % o.wards}`],
      address: `10.0.${d % 250}.${d % 200}`,
      lastPolledAt: o.now,
    })
  }
  const alerts: Record<string, unknown>[] = []
  const SEVERITIES = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'info']
  const ALERT_STATUSES = ['new', 'new', 'acknowledged', 'investigating', 'resolved']
  for (let a = 0; a < o.alerts; a += 1) {
    const status = ALERT_STATUSES[a % ALERT_STATUSES.length] as string
    alerts.push({
      id: `alert-${a}`,
      source: 'siem-cef',
      severity: SEVERITIES[a % SEVERITIES.length],
      category: a % 2 === 0 ? 'malware' : 'authentication',
      title: `Synthetic alert ${a}`,
      tactic: 'TA0001',
      technique: null,
      host: `pc-${a}`,
      deviceId: null,
      siteId: a % 2 === 0 ? 'site-a' : 'site-b',
      unitId: `ward-${a % o.wards}`,
      firstSeen: o.now - (a % 180) * 60_000,
      lastSeen: o.now - (a % 30) * 60_000,
      count: 1 + (a % 5),
      status,
      ack: status === 'new' ? null : { by: 'On-call IT', at: o.now - (a % 180) * 60_000 + 600_000, note: '' },
    })
  }

  const started = Date.now()
  const topicState = (seq: number) => ({ seq, confirmedAt: Date.now(), resyncs: 0, restored: null })
  let seq = 1
  const stats = { batches: 0, upserts: 0 }
  const probe = window as unknown as { __syntheticFeed: typeof stats & { setRate: (r: number) => void } }
  let rate = o.ratePerSec
  probe.__syntheticFeed = Object.assign(stats, { setRate: (r: number) => (rate = r) })

  const hello = {
    protocol: 1,
    gatewayVersion: 'synthetic',
    gatewayId: 'synthetic',
    trust: { id: 'trust-synthetic', name: 'Synthetic Trust' },
    sites: sites.map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
    topics: ['beds', 'assets', 'network', 'cyber'],
    role: 'admin',
    user: 'synthetic',
    serverTime: started,
  }
  const context = {
    mode: o.mode,
    displayNumber: o.mode === 'wall' ? 1 : null,
    displayCount: 1,
    boardId: o.boardId,
    rotation: null,
    soundWindow: false,
    mute: { mutedUntil: null },
    appVersion: 'synthetic',
  }
  const ok = <T>(value: T) => Promise.resolve({ ok: true, value })
  const noop = () => () => undefined

  const bridge = {
    version: 1,
    getWindowContext: () => ok(context),
    connectHub: () => {
      const channel = new MessageChannel()
      const port = channel.port1
      port.start()
      window.postMessage('watchfloor:hub-port', '*', [channel.port2])
      const snapshot = {
        type: 'snapshot',
        state: {
          hello,
          siteModel,
          connection: { status: 'connected', since: started, detail: null, gatewayUrl: 'synthetic://' },
          topics: {
            beds: topicState(seq),
            assets: topicState(seq),
            network: topicState(seq),
            cyber: topicState(seq),
            waiting: topicState(seq),
          },
          // Every topic of the contract (shared/contracts/entities.ts TOPICS), as a hub's snapshot has.
          entities: { beds, assets, network: devices, cyber: alerts, waiting: [] },
          sources: [],
          alarms: [],
          alarmActions: [],
        },
      }
      // After the page has added its port listener (the host does it synchronously on hand-over).
      setTimeout(() => port.postMessage(snapshot), 0)
      let cursor = 0
      setInterval(() => {
        const n = Math.round((rate * o.batchMs) / 1000)
        const now = Date.now()
        const upserts: Record<string, unknown>[] = []
        for (let k = 0; k < n && assets.length > 0; k += 1) {
          cursor = (cursor + 7919) % assets.length
          const prev = assets[cursor] as Record<string, unknown>
          const next = {
            ...prev,
            x: ((prev['x'] as number) + 1) % 200,
            lastSeen: now,
            battery: ((prev['battery'] as number) + 99) % 101,
          }
          assets[cursor] = next
          upserts.push(next)
        }
        seq += 1
        const others = {
          beds: topicState(seq),
          network: topicState(seq),
          cyber: topicState(seq),
          waiting: topicState(seq),
        }
        port.postMessage({
          type: 'changes',
          changes: {
            topics: { assets: topicState(seq), ...others },
            entities: n > 0 ? { assets: { reset: false, upserts, removes: [] } } : undefined,
          },
        })
        stats.batches += 1
        stats.upserts += upserts.length
      }, o.batchMs)
      return ok(null)
    },
    setBoard: () => ok(context),
    reportBoards: () => ok(null),
    identifyDisplays: () => ok(null),
    acknowledgeAlert: () => Promise.resolve({ ok: false, error: 'unavailable', message: 'synthetic host' }),
    alarmAction: () => Promise.resolve({ ok: false, error: 'unavailable', message: 'synthetic host' }),
    respondToAlert: () => Promise.resolve({ ok: false, error: 'unavailable', message: 'synthetic host' }),
    recordNhsAlert: () => Promise.resolve({ ok: false, error: 'unavailable', message: 'synthetic host' }),
    setMute: () => ok({ mutedUntil: null }),
    getAlarmHistory: () => ok([]),
    onContextChanged: noop,
    onIdentify: noop,
    onPlaySound: noop,
    onFocusAlarm: noop,
  }
  Object.defineProperty(window, 'watchfloor', { value: bridge, configurable: false })
}

/** Injects the synthetic bridge into every page the context opens next. */
export async function installSyntheticHost(
  page: Page,
  options: Partial<SyntheticOptions> = {},
): Promise<SyntheticOptions> {
  const o = { ...DEFAULT_SYNTHETIC, ...options }
  const args = { ...o, assetTypes: ASSET_TYPES, assetStates: ASSET_STATES }
  await page.addInitScript({ content: `(${installSyntheticBridge.toString()})(${JSON.stringify(args)})` })
  return o
}

/** Serves a built renderer directory on 127.0.0.1 (port 0: a free port). */
export const serveRenderer = serveDirectory
