import { describe, expect, it } from 'vitest'
import type { AlarmTransition } from '../../contracts/alarms.ts'
import type { AlarmActionRecord } from '../../contracts/feed.ts'
import { AlarmEngine } from './AlarmEngine.ts'
import type { RulePack } from './alarmRuleSchema.ts'
import { fingerprintOf } from './fingerprint.ts'
import {
  makeAsset,
  makeBed,
  makeClock,
  makeCyberAlert,
  makeDevice,
  makePack,
  makeSiteModel,
} from '../../../tests/support/alarmBuilders.ts'
import type { FakeClock } from '../../../tests/support/alarmBuilders.ts'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

const deviceDown = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'device-down',
  kind: 'device-down',
  title: 'Network device down',
  priority: 'high',
  for: '60s',
  ...extra,
})

function setup(
  pack: RulePack,
  clock: FakeClock = makeClock(),
): { engine: AlarmEngine; clock: FakeClock; journal: AlarmTransition[] } {
  const journal: AlarmTransition[] = []
  const engine = new AlarmEngine({ pack, now: clock.now, onTransition: (t) => journal.push(t) })
  engine.setConnection('connected', clock.now())
  return { engine, clock, journal }
}

let actionSeq = 0
function action(
  partial: { fingerprint: string; at: number; by?: string } & (
    | { action: 'acknowledge'; note?: string }
    | { action: 'shelve'; note: string; until: number }
    | { action: 'unshelve'; note?: string }
  ),
): AlarmActionRecord {
  actionSeq += 1
  const base = {
    id: `act-${actionSeq}`,
    by: partial.by ?? 'Operator 1',
    at: partial.at,
    fingerprint: partial.fingerprint,
  }
  switch (partial.action) {
    case 'acknowledge':
      return { ...base, action: 'acknowledge', note: partial.note ?? '' }
    case 'shelve':
      return { ...base, action: 'shelve', note: partial.note, until: partial.until }
    case 'unshelve':
      return { ...base, action: 'unshelve', note: partial.note ?? '' }
  }
}

const FP = fingerprintOf('device-down', 'sw-1')
const steps = (journal: readonly AlarmTransition[]): string[] => journal.map((t) => `${t.from}>${t.to}`)

describe('AlarmEngine lifecycle (ISA-18.2)', () => {
  it('raises unacknowledged, acknowledges with who and why, and returns to normal when the condition clears', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown()]))
    const downAt = clock.now()
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: downAt - 2 * MINUTE })],
      removes: [],
    })

    expect(engine.alarms()).toMatchObject([
      { fingerprint: FP, state: 'unacknowledged', active: true, priority: 'high', groupCount: 1 },
    ])

    clock.advance(30 * SECOND)
    engine.applyAction(
      action({
        action: 'acknowledge',
        fingerprint: FP,
        at: clock.now(),
        by: 'Night operator',
        note: 'engineer called',
      }),
    )
    expect(engine.alarms()[0]).toMatchObject({
      state: 'acknowledged',
      ack: { by: 'Night operator', note: 'engineer called' },
    })

    clock.advance(SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toEqual([])
    expect(steps(journal)).toEqual([
      'normal>unacknowledged',
      'unacknowledged>acknowledged',
      'acknowledged>normal',
    ])
    expect(journal[1]).toMatchObject({ by: 'Night operator', note: 'engineer called', fingerprint: FP })
  })

  it('keeps an alarm that cleared unacknowledged as rtn-unacknowledged until someone acknowledges it', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    clock.advance(SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged', active: false }])

    // The condition returning re-annunciates it.
    clock.advance(SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'unacknowledged', active: true }])

    clock.advance(SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
      removes: [],
    })
    engine.applyAction(action({ action: 'acknowledge', fingerprint: FP, at: clock.now() }))
    expect(engine.alarms()).toEqual([])
    expect(steps(journal)).toEqual([
      'normal>unacknowledged',
      'unacknowledged>rtn-unacknowledged',
      'rtn-unacknowledged>unacknowledged',
      'unacknowledged>rtn-unacknowledged',
      'rtn-unacknowledged>normal',
    ])
  })

  it('deduplicates by fingerprint: the same condition reported again is one alarm and one journal entry', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown({ for: '0s' })]))
    for (let i = 0; i < 5; i += 1) {
      clock.advance(SECOND)
      engine.applyEntities('network', {
        reset: false,
        upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: 1 })],
        removes: [],
      })
      engine.tick()
    }
    expect(engine.alarms()).toHaveLength(1)
    expect(journal).toHaveLength(1)
  })

  it('applies the same action record once, however often the gateway replays it', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: 1 })],
      removes: [],
    })
    const ack = action({ action: 'acknowledge', fingerprint: FP, at: clock.now() })
    expect(engine.applyAction(ack)).toEqual({ ok: true, applied: 1, duplicate: false })
    expect(engine.applyAction(ack)).toEqual({ ok: true, applied: 0, duplicate: true })
    engine.applyActions([ack, ack])
    expect(journal).toHaveLength(2)
  })

  it('applies an acknowledgement that arrived before this instance raised the alarm (late joiner)', () => {
    const clock = makeClock()
    const { engine } = setup(makePack([deviceDown()]), clock)
    const downAt = clock.now()
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: downAt })],
      removes: [],
    })
    engine.applyAction(
      action({ action: 'acknowledge', fingerprint: FP, at: downAt + 10 * SECOND, note: 'on it' }),
    )
    expect(engine.alarms()).toEqual([])
    clock.advance(60 * SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ state: 'acknowledged', ack: { note: 'on it' } }])
  })

  it('does not let an acknowledgement of an earlier episode silence a new one', () => {
    const { engine, clock } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyAction(action({ action: 'acknowledge', fingerprint: FP, at: clock.now() - HOUR }))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'unacknowledged' }])
  })
})

describe('AlarmEngine `for` durations', () => {
  it('raises a device-down alarm only once the device has been down for 60 s, measured from the device’s own statusSince', () => {
    const { engine, clock } = setup(makePack([deviceDown()]))
    const downAt = clock.now()
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: downAt })],
      removes: [],
    })
    clock.advance(59 * SECOND)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    clock.advance(SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([
      { fingerprint: FP, state: 'unacknowledged', raisedAt: downAt + 60 * SECOND },
    ])
  })

  it('raises nothing when the condition clears before its `for` has passed', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown()]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    clock.advance(30 * SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
      removes: [],
    })
    clock.advance(60 * SECOND)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    expect(journal).toEqual([])
  })

  it('raises a housekeeping alarm for a bed waiting over 60 min, from the cleaning request time', () => {
    const { engine, clock } = setup(
      makePack([
        {
          id: 'bed-housekeeping-long',
          kind: 'bed-housekeeping',
          title: 'Bed waiting for cleaning',
          priority: 'low',
          for: '60m',
        },
      ]),
    )
    engine.setSiteModel(makeSiteModel({ 'bed-1': 'ward-a' }))
    const requested = clock.now() - 50 * MINUTE
    engine.applyEntities('beds', {
      reset: true,
      upserts: [
        makeBed({
          id: 'bed-1',
          status: 'housekeeping',
          statusSince: requested,
          housekeeping: { requestedAt: requested, startedAt: null },
        }),
      ],
      removes: [],
    })
    expect(engine.alarms()).toEqual([])
    clock.advance(10 * MINUTE)
    engine.tick()
    expect(engine.alarms()).toMatchObject([
      {
        priority: 'low',
        subject: { kind: 'bed', id: 'bed-1', unitId: 'ward-a' },
        detail: expect.stringContaining('Ward A'),
      },
    ])
  })

  it('raises asset-unseen after 24 h without a sighting and clears when the tag is seen again', () => {
    const { engine, clock } = setup(
      makePack([
        { id: 'asset-unseen', kind: 'asset-unseen', title: 'Asset not seen', priority: 'low', for: '24h' },
      ]),
    )
    const seen = clock.now()
    engine.applyEntities('assets', {
      reset: true,
      upserts: [makeAsset({ id: 'a1', lastSeen: seen })],
      removes: [],
    })
    clock.advance(24 * HOUR - SECOND)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    clock.advance(SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ subject: { kind: 'asset', id: 'a1' }, state: 'unacknowledged' }])
    engine.applyEntities('assets', {
      reset: false,
      upserts: [makeAsset({ id: 'a1', lastSeen: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged' }])
  })

  it('raises asset-outside-home once the asset has been away from its home ward for its `for`; a room inside the home ward is home', () => {
    const { engine, clock } = setup(
      makePack([
        {
          id: 'asset-away',
          kind: 'asset-outside-home',
          title: 'Asset away from home',
          priority: 'low',
          for: '15m',
        },
      ]),
    )
    engine.setSiteModel(makeSiteModel())
    engine.applyEntities('assets', {
      reset: true,
      upserts: [makeAsset({ id: 'a1', zoneId: 'bay-a1', homeUnitId: 'ward-a' })],
      removes: [],
    })
    clock.advance(HOUR)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    engine.applyEntities('assets', {
      reset: false,
      upserts: [makeAsset({ id: 'a1', zoneId: 'ward-b', homeUnitId: 'ward-a' })],
      removes: [],
    })
    clock.advance(15 * MINUTE)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ detail: expect.stringContaining('Ward B') }])
  })

  it('raises the gateway-disconnected alarm after 10 s without a connection, and clears it on reconnect', () => {
    const { engine, clock } = setup(
      makePack([
        {
          id: 'gateway-disconnected',
          kind: 'gateway-disconnected',
          title: 'Gateway disconnected',
          priority: 'high',
          for: '10s',
        },
      ]),
    )
    engine.setConnection('disconnected', clock.now())
    clock.advance(9 * SECOND)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    clock.advance(SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ subject: { kind: 'gateway' }, priority: 'high' }])
    engine.setConnection('connected', clock.now())
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged' }])
  })

  it('raises a feed-stale alarm past the topic threshold, and holds it back while the gateway itself is unreachable', () => {
    const { engine, clock } = setup(
      makePack([
        {
          id: 'feed-stale',
          kind: 'feed-stale',
          title: 'Feed stale',
          priority: 'medium',
          topics: ['network'],
          staleAfter: { network: '90s' },
        },
      ]),
    )
    engine.setConfirmedAt('network', clock.now())
    clock.advance(90 * SECOND)
    engine.tick()
    expect(engine.alarms()).toEqual([])
    clock.advance(SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([
      { subject: { kind: 'feed', id: 'network' }, state: 'unacknowledged' },
    ])
    engine.setConfirmedAt('network', clock.now())
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged', active: false }])

    const second = setup(
      makePack([{ id: 'feed-stale', kind: 'feed-stale', title: 'Feed stale', priority: 'medium' }]),
    )
    second.engine.setConnection('disconnected', second.clock.now())
    second.clock.advance(10 * MINUTE)
    second.engine.tick()
    expect(second.engine.alarms()).toEqual([])
  })

  it('raises an alarm for a new high or critical cyber alert, at the priority its severity maps to', () => {
    const { engine } = setup(
      makePack([
        {
          id: 'cyber-new',
          kind: 'cyber-alert',
          title: 'New cyber alert',
          priority: 'medium',
          priorityBySeverity: { critical: 'high' },
        },
      ]),
    )
    engine.applyEntities('cyber', {
      reset: true,
      upserts: [
        makeCyberAlert({ id: 'c1', severity: 'critical' }),
        makeCyberAlert({ id: 'c2', severity: 'high' }),
        makeCyberAlert({ id: 'c3', severity: 'medium' }),
        makeCyberAlert({ id: 'c4', severity: 'critical', status: 'investigating' }),
      ],
      removes: [],
    })
    expect(engine.alarms().map((a) => [a.subject.id, a.priority])).toEqual([
      ['c1', 'high'],
      ['c2', 'medium'],
    ])
  })
})

describe('AlarmEngine KPI thresholds with hysteresis', () => {
  const occupancyRules = makePack([
    {
      id: 'occupancy-amber',
      kind: 'kpi-threshold',
      title: 'Occupancy high',
      priority: 'medium',
      kpi: 'occupancy',
      scope: 'site',
      raise: 92,
      clear: 90,
      for: '5m',
    },
    {
      id: 'occupancy-red',
      kind: 'kpi-threshold',
      title: 'Occupancy critical',
      priority: 'high',
      kpi: 'occupancy',
      scope: 'site',
      raise: 95,
      clear: 93,
    },
  ])
  const beds = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`b${i}`, 'ward-a' as const]))
  const occupy = (n: number): ReturnType<typeof makeBed>[] =>
    Array.from({ length: 100 }, (_, i) => makeBed({ id: `b${i}`, status: i < n ? 'occupied' : 'unoccupied' }))
  const ids = (engine: AlarmEngine): string[] =>
    engine
      .alarms()
      .filter((a) => a.active)
      .map((a) => a.ruleId)

  it('raises amber at ≥ 92 % after its `for`, stays raised between the levels, clears only below 90 %', () => {
    const { engine, clock } = setup(occupancyRules)
    engine.setSiteModel(makeSiteModel(beds))
    engine.applyEntities('beds', { reset: true, upserts: occupy(91), removes: [] })
    expect(ids(engine)).toEqual([])

    engine.applyEntities('beds', { reset: false, upserts: occupy(92), removes: [] })
    clock.advance(4 * MINUTE)
    engine.tick()
    expect(ids(engine)).toEqual([])
    clock.advance(MINUTE)
    engine.tick()
    expect(ids(engine)).toEqual(['occupancy-amber'])
    expect(engine.alarms()[0]).toMatchObject({
      priority: 'medium',
      subject: { kind: 'kpi', siteId: 'site-a' },
      detail: expect.stringContaining('occupancy 92.0 %'),
    })

    // 91 % and 90 % lie between clear and raise: still raised (no chattering).
    engine.applyEntities('beds', { reset: false, upserts: occupy(91), removes: [] })
    engine.applyEntities('beds', { reset: false, upserts: occupy(90), removes: [] })
    expect(ids(engine)).toEqual(['occupancy-amber'])

    engine.applyEntities('beds', { reset: false, upserts: occupy(89), removes: [] })
    expect(ids(engine)).toEqual([])
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged' }])
  })

  it('raises red at ≥ 95 % at once and counts only open beds in the denominator', () => {
    const { engine } = setup(occupancyRules)
    engine.setSiteModel(makeSiteModel(beds))
    const upserts = occupy(90).map((b, i) => (i >= 95 ? { ...b, status: 'closed' as const } : b))
    engine.applyEntities('beds', { reset: true, upserts, removes: [] })
    // 90 occupied of 95 open = 94.7 %: not red yet.
    expect(ids(engine)).toEqual([])
    engine.applyEntities('beds', {
      reset: false,
      upserts: [makeBed({ id: 'b90', status: 'occupied' })],
      removes: [],
    })
    expect(ids(engine)).toEqual(['occupancy-red'])
  })

  it('refuses a pack whose clear level lies on the wrong side of the raise level', () => {
    expect(() =>
      makePack([
        {
          id: 'bad',
          kind: 'kpi-threshold',
          title: 'x',
          priority: 'low',
          kpi: 'occupancy',
          scope: 'trust',
          raise: 92,
          clear: 95,
        },
      ]),
    ).toThrow(/rules\[0\] "bad": clear: clear must lie on the normal side/)
  })
})

describe('AlarmEngine PAR levels', () => {
  it('raises when available assets of a type in a ward fall below the critical PAR, and clears when one comes back', () => {
    const { engine } = setup(
      makePack([
        {
          id: 'par-pumps',
          kind: 'par-below',
          title: 'Pumps below PAR',
          priority: 'medium',
          assetType: 'infusion-pump',
          critical: 2,
        },
      ]),
    )
    engine.setSiteModel(makeSiteModel())
    engine.applyEntities('assets', {
      reset: true,
      upserts: [
        makeAsset({ id: 'p1', zoneId: 'bay-a1' }),
        makeAsset({ id: 'p2', zoneId: 'ward-a' }),
        makeAsset({ id: 'p3', zoneId: 'ward-b' }),
        makeAsset({ id: 'p4', zoneId: 'ward-b' }),
      ],
      removes: [],
    })
    expect(engine.alarms()).toEqual([])
    engine.applyEntities('assets', {
      reset: false,
      upserts: [makeAsset({ id: 'p1', zoneId: 'bay-a1', state: 'in-use' })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([
      {
        subject: { unitId: 'ward-a' },
        detail: expect.stringContaining('1 available infusion-pump in Ward A'),
      },
    ])
    engine.applyEntities('assets', {
      reset: false,
      upserts: [makeAsset({ id: 'p5', zoneId: 'bay-a1' })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'rtn-unacknowledged' }])
  })
})

describe('AlarmEngine PAR scope', () => {
  it('applies the default critical PAR only to wards that own equipment of the type', () => {
    const { engine } = setup(
      makePack([
        {
          id: 'par-defib',
          kind: 'par-below',
          title: 'No defibrillator',
          priority: 'high',
          assetType: 'defibrillator',
          critical: 1,
        },
      ]),
    )
    engine.setSiteModel(makeSiteModel())
    // Ward A owns a defibrillator that is in use; ward B owns none and has none.
    engine.applyEntities('assets', {
      reset: true,
      upserts: [
        makeAsset({
          id: 'd1',
          type: 'defibrillator',
          zoneId: 'ward-a',
          homeUnitId: 'ward-a',
          state: 'in-use',
        }),
      ],
      removes: [],
    })
    expect(engine.alarms().map((a) => a.subject.unitId)).toEqual(['ward-a'])
  })
})

describe('AlarmEngine shelving', () => {
  it('holds a shelved alarm until the shelve expires, then re-annunciates it if the condition persists', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    const until = clock.now() + 30 * MINUTE
    engine.applyAction(
      action({ action: 'shelve', fingerprint: FP, at: clock.now(), note: 'planned maintenance', until }),
    )
    expect(engine.alarms()).toMatchObject([{ state: 'shelved', shelvedUntil: until }])

    clock.advance(30 * MINUTE - SECOND)
    engine.tick()
    expect(engine.alarms()[0]?.state).toBe('shelved')
    clock.advance(SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ state: 'unacknowledged', shelvedUntil: null, active: true }])
    expect(steps(journal)).toEqual([
      'normal>unacknowledged',
      'unacknowledged>shelved',
      'shelved>unacknowledged',
    ])
    expect(journal[1]).toMatchObject({ note: 'planned maintenance', by: 'Operator 1' })
    expect(journal[2]).toMatchObject({ note: 'shelve expired' })
  })

  it('returns a shelved alarm to normal at expiry when its condition cleared meanwhile', () => {
    const { engine, clock } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    engine.applyAction(
      action({
        action: 'shelve',
        fingerprint: FP,
        at: clock.now(),
        note: 'known',
        until: clock.now() + HOUR,
      }),
    )
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'shelved', active: false }])
    clock.advance(HOUR)
    engine.tick()
    expect(engine.alarms()).toEqual([])
  })

  it('unshelves early on request, and ignores a shelve that has already expired', () => {
    const { engine, clock } = setup(makePack([deviceDown({ for: '0s' })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    engine.applyAction(
      action({
        action: 'shelve',
        fingerprint: FP,
        at: clock.now() - 2 * HOUR,
        note: 'old',
        until: clock.now() - HOUR,
      }),
    )
    expect(engine.alarms()[0]?.state).toBe('unacknowledged')
    engine.applyAction(
      action({
        action: 'shelve',
        fingerprint: FP,
        at: clock.now(),
        note: 'noisy',
        until: clock.now() + HOUR,
      }),
    )
    engine.applyAction(action({ action: 'unshelve', fingerprint: FP, at: clock.now() + SECOND }))
    expect(engine.alarms()[0]?.state).toBe('unacknowledged')
  })
})

describe('AlarmEngine out of service', () => {
  it('holds a rule’s alarms out of service, never annunciated, and re-evaluates them back in service', () => {
    const { engine, clock, journal } = setup(makePack([deviceDown({ for: '0s', outOfService: true })]))
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ state: 'out-of-service', active: true }])
    engine.setRuleOutOfService('device-down', false, 'maintenance finished')
    expect(engine.alarms()).toMatchObject([{ state: 'unacknowledged' }])
    expect(steps(journal)).toEqual(['normal>out-of-service', 'out-of-service>unacknowledged'])
  })
})

describe('AlarmEngine escalation', () => {
  it('marks an alarm unacknowledged past escalateAfter as escalated and raises its priority a level, once', () => {
    const { engine, clock, journal } = setup(
      makePack([deviceDown({ for: '0s', priority: 'medium', escalateAfter: '10m' })]),
    )
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    clock.advance(10 * MINUTE - SECOND)
    engine.tick()
    expect(engine.alarms()[0]).toMatchObject({ priority: 'medium', escalated: false })
    clock.advance(SECOND)
    engine.tick()
    engine.tick()
    expect(engine.alarms()[0]).toMatchObject({ priority: 'high', escalated: true, state: 'unacknowledged' })
    expect(journal.at(-1)).toMatchObject({
      from: 'unacknowledged',
      to: 'unacknowledged',
      priority: 'high',
      note: 'unacknowledged for 10 min',
    })
    expect(journal).toHaveLength(2)
  })

  it('does not escalate an alarm acknowledged in time', () => {
    const { engine, clock } = setup(
      makePack([deviceDown({ for: '0s', priority: 'low', escalateAfter: '10m' })]),
    )
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    clock.advance(5 * MINUTE)
    engine.applyAction(action({ action: 'acknowledge', fingerprint: FP, at: clock.now() }))
    clock.advance(HOUR)
    engine.tick()
    expect(engine.alarms()[0]).toMatchObject({ priority: 'low', escalated: false, state: 'acknowledged' })
  })
})

describe('AlarmEngine flood grouping', () => {
  const floodPack = makePack([
    deviceDown({ for: '0s', groupBy: 'uplink', priority: 'high', priorityByKind: { 'access-point': 'low' } }),
  ])
  const topology = (status: 'up' | 'down', at: number): ReturnType<typeof makeDevice>[] => [
    makeDevice({ id: 'core-1', kind: 'core-switch', status: 'up' }),
    makeDevice({
      id: 'sw-1',
      name: 'SW-L1-01',
      kind: 'access-switch',
      uplinkId: 'core-1',
      status,
      statusSince: at,
    }),
    ...Array.from({ length: 40 }, (_, i) =>
      makeDevice({ id: `ap-${i}`, kind: 'access-point', uplinkId: 'sw-1', status, statusSince: at }),
    ),
    makeDevice({ id: 'ap-other', kind: 'access-point', uplinkId: 'core-1', status: 'up' }),
  ]

  it('shows one high line with a count for the 40 APs behind one failed switch', () => {
    const { engine, clock, journal } = setup(floodPack)
    engine.applyEntities('network', { reset: true, upserts: topology('up', 0), removes: [] })
    engine.applyEntities('network', { reset: false, upserts: topology('down', clock.now()), removes: [] })
    const alarms = engine.alarms()
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({
      groupCount: 41,
      priority: 'high',
      state: 'unacknowledged',
      subject: { kind: 'device', id: 'sw-1' },
      detail: 'SW-L1-01 and 40 devices behind it are down',
    })
    expect(alarms[0]?.members).toHaveLength(41)
    // Every member is journalled: the history keeps each device's own record.
    expect(journal).toHaveLength(41)
  })

  it('groups APs that went down before their switch under the switch once it fails', () => {
    const { engine, clock } = setup(floodPack)
    engine.applyEntities('network', { reset: true, upserts: topology('up', 0), removes: [] })
    const aps = topology('down', clock.now()).filter((d) => d.kind === 'access-point')
    engine.applyEntities('network', { reset: false, upserts: aps, removes: [] })
    // Without the switch down each AP has itself as cause: 40 separate low lines.
    expect(engine.alarms()).toHaveLength(40)
    engine.applyEntities('network', {
      reset: false,
      upserts: [
        makeDevice({
          id: 'sw-1',
          name: 'SW-L1-01',
          kind: 'access-switch',
          uplinkId: 'core-1',
          status: 'down',
          statusSince: clock.now(),
        }),
      ],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ groupCount: 41, priority: 'high' }])
  })

  it('acknowledging the line acknowledges every alarm in it, and a late member joins as unacknowledged', () => {
    const { engine, clock } = setup(floodPack)
    engine.applyEntities('network', { reset: true, upserts: topology('down', clock.now()), removes: [] })
    const line = engine.alarms()[0]
    if (line === undefined) throw new Error('expected a line')
    clock.advance(SECOND)
    engine.applyAction(
      action({
        action: 'acknowledge',
        fingerprint: line.fingerprint,
        at: clock.now(),
        note: 'switch replaced soon',
      }),
    )
    expect(engine.alarms()).toMatchObject([
      { groupCount: 41, state: 'acknowledged', ack: { note: 'switch replaced soon' } },
    ])

    clock.advance(SECOND)
    engine.applyEntities('network', {
      reset: false,
      upserts: [
        makeDevice({
          id: 'ap-40',
          kind: 'access-point',
          uplinkId: 'sw-1',
          status: 'down',
          statusSince: clock.now(),
        }),
      ],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ groupCount: 42, state: 'unacknowledged' }])
  })

  it('shelving the line moves every member to one shelved line', () => {
    const { engine, clock } = setup(floodPack)
    engine.applyEntities('network', { reset: true, upserts: topology('down', clock.now()), removes: [] })
    const line = engine.alarms()[0]
    if (line === undefined) throw new Error('expected a line')
    engine.applyAction(
      action({
        action: 'shelve',
        fingerprint: line.fingerprint,
        at: clock.now(),
        note: 'maintenance window',
        until: clock.now() + HOUR,
      }),
    )
    expect(engine.alarms()).toMatchObject([{ groupCount: 41, state: 'shelved' }])
  })

  it('keeps separate failures on separate lines', () => {
    const { engine, clock } = setup(floodPack)
    engine.applyEntities('network', {
      reset: true,
      upserts: [
        makeDevice({ id: 'sw-a', kind: 'access-switch', status: 'down', statusSince: clock.now() }),
        makeDevice({ id: 'ap-a1', uplinkId: 'sw-a', status: 'down', statusSince: clock.now() }),
        makeDevice({ id: 'sw-b', kind: 'access-switch', status: 'down', statusSince: clock.now() }),
        makeDevice({ id: 'ap-b1', uplinkId: 'sw-b', status: 'down', statusSince: clock.now() }),
      ],
      removes: [],
    })
    const lines = engine.alarms().map((a) => `${a.subject.id}×${a.groupCount}`)
    expect(lines.sort()).toEqual(['sw-a×2', 'sw-b×2'])
  })
})

describe('AlarmEngine flood grouping by rule', () => {
  it('folds every alarm of a `groupBy: rule` rule into one line naming the oldest', () => {
    const { engine, clock } = setup(
      makePack([
        {
          id: 'asset-unseen',
          kind: 'asset-unseen',
          title: 'Equipment not seen for 24 h',
          priority: 'low',
          for: '24h',
          groupBy: 'rule',
        },
      ]),
    )
    const upserts = Array.from({ length: 27 }, (_, i) =>
      makeAsset({ id: `t${i}`, label: `IP-${i}`, lastSeen: clock.now() - 25 * HOUR - i * MINUTE }),
    )
    engine.applyEntities('assets', { reset: true, upserts, removes: [] })
    expect(engine.alarms()).toMatchObject([
      { groupCount: 27, priority: 'low', detail: expect.stringMatching(/^27 in all; oldest: IP-/) },
    ])
  })
})

describe('AlarmEngine output', () => {
  it('orders high before medium before low, and returns the same array while nothing changes', () => {
    const { engine, clock } = setup(
      makePack([
        deviceDown({ for: '0s', priorityByKind: { 'access-point': 'low', 'distribution-switch': 'medium' } }),
      ]),
    )
    engine.applyEntities('network', {
      reset: true,
      upserts: [
        makeDevice({ id: 'ap', kind: 'access-point', status: 'down', statusSince: clock.now() }),
        makeDevice({ id: 'core', kind: 'core-switch', status: 'down', statusSince: clock.now() }),
        makeDevice({ id: 'dist', kind: 'distribution-switch', status: 'down', statusSince: clock.now() }),
      ],
      removes: [],
    })
    const first = engine.alarms()
    expect(first.map((a) => a.priority)).toEqual(['high', 'medium', 'low'])
    engine.tick()
    expect(engine.alarms()).toBe(first)
  })

  it('keeps the same array when a device update changes nothing an operator sees', () => {
    const { engine, clock } = setup(makePack([deviceDown({ for: '0s', groupBy: 'uplink' })]))
    engine.applyEntities('network', {
      reset: true,
      upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    const first = engine.alarms()
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'ap-9', status: 'up', latencyMs: 7 })],
      removes: [],
    })
    expect(engine.alarms()).toBe(first)
  })

  it('keeps a bounded in-memory history of transitions for hosts without a journal file', () => {
    const clock = makeClock()
    const engine = new AlarmEngine({
      pack: makePack([deviceDown({ for: '0s' })]),
      now: clock.now,
      historyLimit: 3,
    })
    for (let i = 0; i < 3; i += 1) {
      engine.applyEntities('network', {
        reset: false,
        upserts: [makeDevice({ id: 'sw-1', status: 'down', statusSince: clock.now() })],
        removes: [],
      })
      engine.applyEntities('network', {
        reset: false,
        upserts: [makeDevice({ id: 'sw-1', status: 'up', statusSince: clock.now() })],
        removes: [],
      })
    }
    expect(engine.history()).toHaveLength(3)
    expect(engine.history().at(-1)).toMatchObject({ to: 'rtn-unacknowledged' })
  })
})
