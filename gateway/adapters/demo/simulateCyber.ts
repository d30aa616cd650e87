/**
 * The demo trust's cyber alerts: background alerts, phishing waves, and malware on a ward PC that
 * beacons out and moves laterally to other PCs; alerts repeat (count, last seen), resolve and are
 * finally removed.
 */
import type { CyberAlert, CyberSeverity } from '../../../shared/contracts/entities.ts'
import type { HostSpec } from './generateNetwork.ts'
import { DAY, HOUR, MINUTE, TICK_MS, type SimContext } from './simContext.ts'

type AlertSim = { entity: CyberAlert; resolved: boolean }

type AlertTemplate = {
  readonly severity: CyberSeverity
  readonly category: string
  readonly title: string
  readonly tactic: string | null
  readonly technique: string | null
}

export type CyberSimulation = {
  /** The alerts already on the board at the start, without emitting. */
  initial(): void
  /** Schedules the first phishing wave and malware outbreak (each schedules the next). */
  scheduleIncidents(): void
  /** One tick's chance of a background alert. */
  tick(): void
  readonly entities: ReadonlyMap<string, CyberAlert>
}

/** `sourceId` names the alerts' `source`. */
export function createCyberSimulation(ctx: SimContext, sourceId: string): CyberSimulation {
  const { model, prng, queue, stats, now, emit } = ctx
  const { network } = model
  const backgroundAlertsPerMs = (4 * model.scale) / HOUR

  const alertSims = new Map<string, AlertSim>()
  const alertEntities = new Map<string, CyberAlert>()
  let alertCounter = 0
  const workstations = network.hosts.filter((h) => h.kind === 'workstation')
  const servers = network.hosts.filter((h) => h.kind === 'server')

  function raise(host: HostSpec, tpl: AlertTemplate, publish = true, at = now()): AlertSim {
    alertCounter += 1
    stats.alertsRaised += 1
    const id = `demo-cy-${String(alertCounter).padStart(6, '0')}`
    const entity: CyberAlert = {
      id,
      source: sourceId,
      severity: tpl.severity,
      category: tpl.category,
      // The host name is redacted for roles other than it/admin, so titles say what kind of host
      // it is, never which one.
      title: tpl.title.replace('{host}', hostNoun(host)).slice(0, 200),
      tactic: tpl.tactic,
      technique: tpl.technique,
      host: host.host,
      deviceId: host.deviceId,
      siteId: host.siteId,
      unitId: host.unitId,
      firstSeen: at,
      lastSeen: at,
      count: 1,
      status: 'new',
      ack: null,
    }
    const sim: AlertSim = { entity, resolved: false }
    alertSims.set(id, sim)
    alertEntities.set(id, entity)
    if (publish) emit({ topic: 'cyber', op: 'upsert', entity })
    // The SOC closes most alerts within hours; the entity is dropped a day after it was first seen.
    const resolveAt = Math.max(now() + MINUTE, at + Math.round(prng.range(0.5, 8) * HOUR))
    queue.schedule(resolveAt, () => patchAlert(sim, { status: 'resolved' }))
    queue.schedule(Math.max(now() + MINUTE, at + DAY), () => {
      alertSims.delete(id)
      alertEntities.delete(id)
      emit({ topic: 'cyber', op: 'remove', id })
    })
    return sim
  }

  /** Patches (never upserts) a live alert, so an operator's acknowledgement recorded by the gateway survives. */
  function patchAlert(
    sim: AlertSim,
    changes: Partial<Pick<CyberAlert, 'status' | 'count' | 'lastSeen'>>,
  ): void {
    if (!alertSims.has(sim.entity.id) || sim.resolved) return
    if (changes.status === 'resolved') sim.resolved = true
    sim.entity = { ...sim.entity, ...changes }
    alertEntities.set(sim.entity.id, sim.entity)
    emit({ topic: 'cyber', op: 'patch', id: sim.entity.id, changes })
  }

  function repeat(sim: AlertSim): void {
    patchAlert(sim, { count: sim.entity.count + 1, lastSeen: now() })
  }

  const BACKGROUND: readonly (AlertTemplate & { readonly weight: number; readonly server: boolean })[] = [
    {
      weight: 3,
      server: true,
      severity: 'low',
      category: 'reconnaissance',
      title: 'Inbound port scan against {host}',
      tactic: 'TA0043',
      technique: 'T1595.001',
    },
    {
      weight: 2,
      server: true,
      severity: 'medium',
      category: 'brute-force',
      title: 'Repeated failed logons to {host}',
      tactic: 'TA0006',
      technique: 'T1110.001',
    },
    {
      weight: 2,
      server: false,
      severity: 'low',
      category: 'policy-violation',
      title: 'Unapproved USB storage connected to {host}',
      tactic: null,
      technique: null,
    },
    {
      weight: 2,
      server: false,
      severity: 'medium',
      category: 'suspicious-login',
      title: 'Sign-in from an unfamiliar location on {host}',
      tactic: 'TA0001',
      technique: 'T1078',
    },
    {
      weight: 1,
      server: false,
      severity: 'medium',
      category: 'malware',
      title: 'Potentially unwanted application quarantined on {host}',
      tactic: 'TA0002',
      technique: 'T1204.002',
    },
    {
      weight: 1,
      server: true,
      severity: 'medium',
      category: 'command-and-control',
      title: 'DNS queries to a newly registered domain from {host}',
      tactic: 'TA0011',
      technique: 'T1071.004',
    },
    {
      weight: 2,
      server: true,
      severity: 'info',
      category: 'vulnerability',
      title: 'Missing critical patch reported on {host}',
      tactic: null,
      technique: null,
    },
  ]

  function backgroundAlert(): void {
    const open = [...alertSims.values()].filter((a) => !a.resolved)
    if (open.length > 0 && prng.chance(0.3)) {
      repeat(prng.pick(open))
      return
    }
    let r = prng.next() * BACKGROUND.reduce((s, b) => s + b.weight, 0)
    let tpl = BACKGROUND[0] as (typeof BACKGROUND)[number]
    for (const b of BACKGROUND) {
      r -= b.weight
      if (r < 0) {
        tpl = b
        break
      }
    }
    const pool = tpl.server && servers.length > 0 && prng.chance(0.7) ? servers : workstations
    if (pool.length > 0) raise(prng.pick(pool), tpl)
  }

  const PHISHING_SUBJECTS = [
    'Invoice overdue — action required',
    'NHSmail password expiry notice',
    'Payroll: updated payslip available',
    'Shared document: Rota changes',
    'Parcel delivery failed',
  ]

  function phishingWave(): void {
    if (workstations.length === 0) return
    const subject = prng.pick(PHISHING_SUBJECTS)
    const count = Math.round(prng.int(8, 25) * Math.sqrt(Math.max(1, model.scale)))
    for (let i = 0; i < count; i++) {
      const host = prng.pick(workstations)
      queue.schedule(now() + Math.round(prng.range(0, 15) * MINUTE), () => {
        const clicked = prng.chance(0.25)
        raise(host, {
          severity: clicked ? 'high' : 'medium',
          category: 'phishing',
          title: clicked
            ? `Link in phishing email "${subject}" clicked on {host}`
            : `Phishing email "${subject}" delivered to a user of {host}`,
          tactic: 'TA0001',
          technique: clicked ? 'T1566.002' : 'T1566.001',
        })
        if (clicked && prng.chance(0.4)) {
          queue.schedule(now() + Math.round(prng.range(5, 20) * MINUTE), () =>
            raise(host, {
              severity: 'high',
              category: 'credential-access',
              title: 'Sign-in with harvested credentials after a phishing click on {host}',
              tactic: 'TA0006',
              technique: 'T1078',
            }),
          )
        }
      })
    }
    queue.schedule(now() + Math.round((2 + prng.exponential(4)) * HOUR), phishingWave)
  }

  function malwareOutbreak(): void {
    const wardPcs = workstations.filter((w) => w.onWard)
    if (wardPcs.length === 0) return
    const patient0 = prng.pick(wardPcs)
    raise(patient0, {
      severity: 'high',
      category: 'malware',
      title: 'Malicious macro executed on {host}',
      tactic: 'TA0002',
      technique: 'T1204.002',
    })
    const at = (min: number, max: number): number => now() + Math.round(prng.range(min, max) * MINUTE)
    queue.schedule(at(2, 6), () => {
      const c2 = raise(patient0, {
        severity: 'critical',
        category: 'command-and-control',
        title: 'Beaconing to known C2 infrastructure from {host}',
        tactic: 'TA0011',
        technique: 'T1071.001',
      })
      // The beacon keeps firing every few minutes until the SOC contains the host.
      const beacon = (): void => {
        if (c2.resolved || !alertSims.has(c2.entity.id)) return
        repeat(c2)
        queue.schedule(at(2, 5), beacon)
      }
      queue.schedule(at(2, 5), beacon)
    })
    queue.schedule(at(5, 12), () =>
      raise(patient0, {
        severity: 'medium',
        category: 'discovery',
        title: 'Network share enumeration from {host}',
        tactic: 'TA0007',
        technique: 'T1135',
      }),
    )
    const sameSite = workstations.filter((w) => w.siteId === patient0.siteId && w.host !== patient0.host)
    const hops = Math.min(sameSite.length, prng.int(2, 4))
    for (let i = 0; i < hops; i++) {
      const target = prng.pick(sameSite)
      queue.schedule(at(8, 25), () =>
        raise(target, {
          severity: 'high',
          category: 'lateral-movement',
          title: 'SMB lateral movement to {host} from another infected PC',
          tactic: 'TA0008',
          technique: 'T1021.002',
        }),
      )
    }
    queue.schedule(at(15, 30), () =>
      raise(patient0, {
        severity: 'critical',
        category: 'credential-access',
        title: 'LSASS memory read on {host}',
        tactic: 'TA0006',
        technique: 'T1003.001',
      }),
    )
    queue.schedule(now() + Math.round((4 + prng.exponential(6)) * HOUR), malwareOutbreak)
  }

  function initialAlerts(): void {
    const n = prng.int(8, 15)
    for (let i = 0; i < n; i++) {
      const tpl = prng.pick(BACKGROUND)
      const pool = tpl.server && servers.length > 0 ? servers : workstations
      if (pool.length === 0) continue
      const at = now() - Math.round(prng.range(10, 20 * 60) * MINUTE)
      const sim = raise(prng.pick(pool), tpl, false, at)
      if (at < now() - 8 * HOUR) {
        sim.resolved = true
        sim.entity = { ...sim.entity, status: 'resolved' }
      }
      sim.entity = {
        ...sim.entity,
        count: prng.int(1, 6),
        lastSeen: Math.min(now(), at + Math.round(prng.range(0, 120) * MINUTE)),
      }
      alertEntities.set(sim.entity.id, sim.entity)
    }
  }

  return {
    initial: initialAlerts,
    scheduleIncidents(): void {
      queue.schedule(now() + Math.round(prng.range(5, 25) * MINUTE), phishingWave)
      queue.schedule(now() + Math.round(prng.range(20, 60) * MINUTE), malwareOutbreak)
    },
    tick(): void {
      if (prng.chance(backgroundAlertsPerMs * TICK_MS)) backgroundAlert()
    },
    entities: alertEntities,
  }
}

function hostNoun(host: HostSpec): string {
  if (host.kind === 'server') return 'a server'
  return host.onWard ? 'a ward PC' : 'a department PC'
}
