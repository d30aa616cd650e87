/**
 * The demo trust's network: polling jitter (latency, loss, utilisation, link load), brief degradations,
 * an access switch failing now and then and taking its access points down until it recovers.
 */
import type { DeviceLink, NetworkDevice } from '../../../shared/contracts/entities.ts'
import type { DeviceSpec } from './generateNetwork.ts'
import { DAY, MINUTE, clamp, round1, round2, type SimContext } from './simContext.ts'

type DeviceSim = {
  readonly spec: DeviceSpec
  entity: NetworkDevice
  failed: boolean
  degradedUntil: number | null
}

export type NetworkSimulation = {
  /** Every device as of the start, without emitting. */
  initial(): void
  /** One tick's polls. */
  tick(): void
  /** Fails an access switch with access points on it now (random failures and drills). */
  failSwitch(): void
  /** Schedules the next random switch failure, and each one after it. */
  scheduleSwitchFailure(): void
  readonly entities: ReadonlyMap<string, NetworkDevice>
}

/** `pollsPerTick`: the share of the simulator's event rate spent on polls, per tick. */
export function createNetworkSimulation(ctx: SimContext, pollsPerTick: number): NetworkSimulation {
  const { model, prng, clock, queue, stats, now, emit } = ctx
  const { network } = model
  let pollBudget = 0

  const deviceSims: DeviceSim[] = []
  const devicesById = new Map<string, DeviceSim>()
  const deviceEntities = new Map<string, NetworkDevice>()
  const childrenOf = new Map<string, DeviceSim[]>()
  const setDevice = (d: DeviceSim, next: NetworkDevice, publish = true): void => {
    d.entity = next
    deviceEntities.set(next.id, next)
    if (publish) emit({ topic: 'network', op: 'upsert', entity: next })
  }
  const diurnal = (): number => {
    const h = clock.hour(now())
    return h >= 8 && h < 18 ? 1.25 : h >= 18 && h < 23 ? 0.9 : 0.6
  }

  function initialDevices(): void {
    for (const spec of network.devices) {
      const d: DeviceSim = {
        spec,
        failed: false,
        degradedUntil: null,
        entity: {
          id: spec.id,
          name: spec.name,
          kind: spec.kind,
          siteId: spec.siteId,
          levelId: spec.levelId,
          x: spec.x,
          y: spec.y,
          status: 'up',
          statusSince: now() - Math.round(prng.range(1, 60) * DAY),
          latencyMs: spec.baseLatencyMs,
          lossPct: 0,
          utilisationPct: spec.baseUtilisationPct,
          uplinkId: spec.uplinkId,
          links: spec.links.map((l) => ({
            peerId: l.peerId,
            ifName: l.ifName,
            status: 'up',
            utilisationPct: round1(spec.baseUtilisationPct * prng.range(0.3, 1)),
          })),
          servesUnitIds: [...spec.servesUnitIds],
          address: spec.address,
          lastPolledAt: now() - Math.round(prng.range(0, 60) * 1000),
        },
      }
      deviceSims.push(d)
      devicesById.set(spec.id, d)
      if (spec.uplinkId !== null) {
        const list = childrenOf.get(spec.uplinkId)
        if (list) list.push(d)
        else childrenOf.set(spec.uplinkId, [d])
      }
      setDevice(d, d.entity, false)
    }
  }

  function poll(): void {
    if (deviceSims.length === 0) return
    const d = prng.pick(deviceSims)
    if (d.failed) return // a dead device answers no poll
    const e = d.entity
    let status = e.status
    let statusSince = e.statusSince
    if (d.degradedUntil !== null && now() >= d.degradedUntil) {
      d.degradedUntil = null
      status = 'up'
      statusSince = now()
    } else if (d.degradedUntil === null && prng.chance(0.002)) {
      d.degradedUntil = now() + Math.round((2 + prng.exponential(8)) * MINUTE)
      status = 'degraded'
      statusSince = now()
    }
    const degraded = status === 'degraded'
    const util = clamp(
      d.spec.baseUtilisationPct * diurnal() + prng.normal(0, 4) + (degraded ? 35 : 0),
      0,
      100,
    )
    setDevice(d, {
      ...e,
      status,
      statusSince,
      latencyMs: round2(d.spec.baseLatencyMs * Math.exp(prng.normal(0, 0.25)) * (degraded ? 12 : 1)),
      lossPct: degraded ? round1(prng.range(1, 9)) : prng.chance(0.04) ? 0.1 : 0,
      utilisationPct: round1(util),
      links: e.links.map((l) =>
        l.status === 'up' ? { ...l, utilisationPct: round1(clamp(util * prng.range(0.3, 1.1), 0, 100)) } : l,
      ),
      lastPolledAt: now(),
    })
  }

  const setLink = (d: DeviceSim, peerId: string, status: DeviceLink['status']): DeviceLink[] =>
    d.entity.links.map((l) =>
      l.peerId === peerId ? { ...l, status, utilisationPct: status === 'up' ? l.utilisationPct : null } : l,
    )

  /** An access switch dies (PSU, a bad firmware push) and every AP on it goes dark. */
  function failSwitch(): void {
    const candidates = deviceSims.filter(
      (d) =>
        d.spec.kind === 'access-switch' &&
        !d.failed &&
        (childrenOf.get(d.spec.id) ?? []).some((c) => c.spec.kind === 'access-point'),
    )
    const sw = candidates.length > 0 ? prng.pick(candidates) : undefined
    if (sw === undefined) return
    stats.switchFailures += 1
    const down = (d: DeviceSim, peerIds: readonly string[]): void => {
      d.failed = true
      d.degradedUntil = null
      setDevice(d, {
        ...d.entity,
        status: 'down',
        statusSince: now(),
        latencyMs: null,
        lossPct: 100,
        utilisationPct: null,
        links: d.entity.links.map((l) =>
          peerIds.includes(l.peerId) || peerIds.length === 0
            ? { ...l, status: 'down', utilisationPct: null }
            : l,
        ),
      })
    }
    down(sw, [])
    const aps = childrenOf.get(sw.spec.id) ?? []
    for (const ap of aps) down(ap, [sw.spec.id])
    const up = sw.spec.uplinkId === null ? undefined : devicesById.get(sw.spec.uplinkId)
    if (up && !up.failed) setDevice(up, { ...up.entity, links: setLink(up, sw.spec.id, 'down') })
    queue.schedule(now() + Math.round(prng.range(4, 20) * MINUTE), () => {
      const recover = (d: DeviceSim): void => {
        d.failed = false
        setDevice(d, {
          ...d.entity,
          status: 'up',
          statusSince: now(),
          latencyMs: d.spec.baseLatencyMs,
          lossPct: 0,
          utilisationPct: d.spec.baseUtilisationPct,
          links: d.entity.links.map((l) => ({
            ...l,
            status: 'up',
            utilisationPct: round1(d.spec.baseUtilisationPct),
          })),
          lastPolledAt: now(),
        })
      }
      recover(sw)
      for (const ap of aps) recover(ap)
      const upNow = sw.spec.uplinkId === null ? undefined : devicesById.get(sw.spec.uplinkId)
      if (upNow && !upNow.failed)
        setDevice(upNow, { ...upNow.entity, links: setLink(upNow, sw.spec.id, 'up') })
    })
  }

  const scheduleSwitchFailure = (): void => {
    // Roughly one failure every 1.5 h at scale 1; bigger trusts have more switches to fail.
    const mean = (90 * MINUTE) / Math.sqrt(Math.max(1, model.scale))
    queue.schedule(now() + Math.round(prng.exponential(mean)) + 5 * MINUTE, () => {
      failSwitch()
      scheduleSwitchFailure()
    })
  }

  return {
    initial: initialDevices,
    tick(): void {
      pollBudget += pollsPerTick
      while (pollBudget >= 1) {
        pollBudget -= 1
        poll()
      }
    },
    failSwitch,
    scheduleSwitchFailure,
    entities: deviceEntities,
  }
}
