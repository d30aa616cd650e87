/**
 * What every instance of the engine must agree on, however late it started: a flood line's
 * acknowledgement and shelve (whatever happened to the line's membership since), and each alarm's
 * raise time. Each test runs two engines — one that saw everything happen, one that starts later
 * and receives what the gateway replays — and compares what they show.
 */
import { describe, expect, it } from 'vitest'
import type { ActiveAlarm } from '../../contracts/alarms.ts'
import type { AlarmActionRecord } from '../../contracts/feed.ts'
import { AlarmEngine } from './AlarmEngine.ts'
import type { RulePack } from './alarmRuleSchema.ts'
import { fingerprintOf } from './fingerprint.ts'
import {
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

const floodPack = makePack([
  {
    id: 'device-down',
    kind: 'device-down',
    title: 'Network device down',
    priority: 'high',
    priorityByKind: { 'access-point': 'low' },
    for: '60s',
    groupBy: 'uplink',
  },
])

function engineOn(pack: RulePack, clock: FakeClock): AlarmEngine {
  const engine = new AlarmEngine({ pack, now: clock.now })
  engine.setConnection('connected', clock.now())
  return engine
}

/** The switch, its core uplink and `aps` access points behind it, all in `status` since `at`. */
function topology(status: 'up' | 'down', at: number, aps = 4): ReturnType<typeof makeDevice>[] {
  return [
    makeDevice({ id: 'core-1', kind: 'core-switch', status: 'up' }),
    makeDevice({
      id: 'sw-1',
      name: 'SW-1',
      kind: 'access-switch',
      uplinkId: 'core-1',
      status,
      statusSince: at,
    }),
    ...Array.from({ length: aps }, (_, i) =>
      makeDevice({ id: `ap-${i}`, uplinkId: 'sw-1', status, statusSince: at }),
    ),
  ]
}

let seq = 0
/**
 * An action as the gateway records it: the gateway's own engine resolves the line to its members
 * (see gateway/alarms/createGatewayAlarms.ts), and every client applies the record as it is.
 */
function recorded(
  gateway: AlarmEngine,
  at: number,
  request:
    | { action: 'acknowledge'; fingerprint: string; note?: string }
    | { action: 'shelve'; fingerprint: string; note: string; until: number }
    | { action: 'unshelve'; fingerprint: string },
): AlarmActionRecord {
  seq += 1
  const base = { id: `rec-${seq}`, by: 'Operator 1', at, members: [...gateway.resolve(request.fingerprint)] }
  switch (request.action) {
    case 'acknowledge':
      return { ...base, action: 'acknowledge', fingerprint: request.fingerprint, note: request.note ?? '' }
    case 'shelve':
      return { ...base, ...request }
    case 'unshelve':
      return { ...base, action: 'unshelve', fingerprint: request.fingerprint, note: '' }
  }
}

/** What an operator sees of each line. */
const view = (alarms: readonly ActiveAlarm[]): unknown[] =>
  alarms.map((a) => ({
    fingerprint: a.fingerprint,
    state: a.state,
    count: a.groupCount,
    raisedAt: a.raisedAt,
    ack: a.ack?.note ?? null,
  }))

const firstLine = (engine: AlarmEngine): ActiveAlarm => {
  const line = engine.alarms()[0]
  if (line === undefined) throw new Error('expected an alarm line')
  return line
}

describe('a flood line acted on before another instance started', () => {
  it('shows the line acknowledged on an instance that connects after the acknowledgement', () => {
    const clock = makeClock()
    const downAt = clock.now()
    const running = engineOn(floodPack, clock)
    running.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    clock.advance(61 * SECOND)
    running.tick()
    const ack = recorded(running, clock.now(), {
      action: 'acknowledge',
      fingerprint: firstLine(running).fingerprint,
      note: 'engineer sent',
    })
    running.applyAction(ack)

    clock.advance(5 * MINUTE)
    const late = engineOn(floodPack, clock)
    // The gateway's replay arrives on connect, before the snapshot.
    late.applyActions([ack])
    late.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })

    expect(view(late.alarms())).toEqual(view(running.alarms()))
    expect(late.alarms()).toMatchObject([
      { state: 'acknowledged', groupCount: 5, ack: { note: 'engineer sent' } },
    ])
  })

  it('agrees when the line changed fingerprint since (its uplink failed too): the members acknowledged stay so, the newcomer does not', () => {
    const clock = makeClock()
    const downAt = clock.now()
    const running = engineOn(floodPack, clock)
    running.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    clock.advance(61 * SECOND)
    running.tick()
    const ack = recorded(running, clock.now(), {
      action: 'acknowledge',
      fingerprint: firstLine(running).fingerprint,
    })
    running.applyAction(ack)

    // The core switch above fails: the line is now the core's, with one unacknowledged member.
    clock.advance(MINUTE)
    const coreDown = makeDevice({
      id: 'core-1',
      kind: 'core-switch',
      status: 'down',
      statusSince: clock.now(),
    })
    running.applyEntities('network', { reset: false, upserts: [coreDown], removes: [] })
    clock.advance(61 * SECOND)
    running.tick()
    expect(firstLine(running)).toMatchObject({
      subject: { id: 'core-1' },
      groupCount: 6,
      state: 'unacknowledged',
    })

    const late = engineOn(floodPack, clock)
    late.applyActions([ack])
    late.applyEntities('network', {
      reset: true,
      upserts: [...topology('down', downAt).filter((d) => d.id !== 'core-1'), coreDown],
      removes: [],
    })
    expect(view(late.alarms())).toEqual(view(running.alarms()))

    // Acknowledging the new line on either instance leaves both acknowledged.
    const second = recorded(running, clock.now(), {
      action: 'acknowledge',
      fingerprint: firstLine(running).fingerprint,
    })
    running.applyAction(second)
    late.applyAction(second)
    expect(view(late.alarms())).toEqual(view(running.alarms()))
    expect(firstLine(late).state).toBe('acknowledged')
  })
})

describe('shelving a flood line (ISA-18.2: the alarm, not the members present)', () => {
  it('shelves an alarm that joins the line later, until the shelve ends, then re-annunciates every member', () => {
    const clock = makeClock()
    const engine = engineOn(floodPack, clock)
    engine.applyEntities('network', {
      reset: true,
      upserts: topology('down', clock.now() - 2 * MINUTE),
      removes: [],
    })
    const until = clock.now() + HOUR
    engine.applyAction(
      recorded(engine, clock.now(), {
        action: 'shelve',
        fingerprint: firstLine(engine).fingerprint,
        note: 'switch replacement',
        until,
      }),
    )
    expect(engine.alarms()).toMatchObject([{ state: 'shelved', groupCount: 5 }])

    // A fifth AP behind the shelved switch goes down: it joins the shelved line, nothing annunciates.
    clock.advance(10 * MINUTE)
    engine.applyEntities('network', {
      reset: false,
      upserts: [
        makeDevice({ id: 'ap-9', uplinkId: 'sw-1', status: 'down', statusSince: clock.now() - 2 * MINUTE }),
      ],
      removes: [],
    })
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ state: 'shelved', groupCount: 6, shelvedUntil: until }])

    clock.set(until + SECOND)
    engine.tick()
    expect(engine.alarms()).toMatchObject([{ state: 'unacknowledged', groupCount: 6 }])
  })

  it('does not shelve a failure on another line', () => {
    const clock = makeClock()
    const engine = engineOn(floodPack, clock)
    engine.applyEntities('network', {
      reset: true,
      upserts: topology('down', clock.now() - 2 * MINUTE),
      removes: [],
    })
    engine.applyAction(
      recorded(engine, clock.now(), {
        action: 'shelve',
        fingerprint: firstLine(engine).fingerprint,
        note: 'switch replacement',
        until: clock.now() + HOUR,
      }),
    )
    engine.applyEntities('network', {
      reset: false,
      upserts: [
        makeDevice({
          id: 'sw-2',
          kind: 'access-switch',
          status: 'down',
          statusSince: clock.now() - 2 * MINUTE,
        }),
      ],
      removes: [],
    })
    expect(engine.alarms().map((a) => [a.subject.id, a.state])).toEqual([
      ['sw-2', 'unacknowledged'],
      ['sw-1', 'shelved'],
    ])
  })

  it('shows the line shelved, joiners included, on an instance that connects later — and unshelved after an unshelve of the shelved line', () => {
    const clock = makeClock()
    const downAt = clock.now() - 2 * MINUTE
    const running = engineOn(floodPack, clock)
    running.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    const shelve = recorded(running, clock.now(), {
      action: 'shelve',
      fingerprint: firstLine(running).fingerprint,
      note: 'switch replacement',
      until: clock.now() + HOUR,
    })
    running.applyAction(shelve)
    const joiner = makeDevice({ id: 'ap-9', uplinkId: 'sw-1', status: 'down', statusSince: downAt })
    clock.advance(MINUTE)
    running.applyEntities('network', { reset: false, upserts: [joiner], removes: [] })

    const late = engineOn(floodPack, clock)
    late.applyActions([shelve])
    late.applyEntities('network', {
      reset: true,
      upserts: [...topology('down', downAt), joiner],
      removes: [],
    })
    expect(view(late.alarms())).toEqual(view(running.alarms()))
    expect(late.alarms()).toMatchObject([{ state: 'shelved', groupCount: 6 }])

    // Unshelved through the shelved line's own fingerprint (…:shelved), as the banner sends it.
    clock.advance(MINUTE)
    const unshelve = recorded(running, clock.now(), {
      action: 'unshelve',
      fingerprint: firstLine(running).fingerprint,
    })
    running.applyAction(unshelve)
    const later = engineOn(floodPack, clock)
    later.applyActions([shelve, unshelve])
    later.applyEntities('network', {
      reset: true,
      upserts: [...topology('down', downAt), joiner],
      removes: [],
    })
    expect(running.alarms()).toMatchObject([{ state: 'unacknowledged', groupCount: 6 }])
    expect(view(later.alarms())).toEqual(view(running.alarms()))
  })

  it('keeps a shelve through a new episode on an instance that starts during it', () => {
    const clock = makeClock()
    const running = engineOn(floodPack, clock)
    running.applyEntities('network', {
      reset: true,
      upserts: topology('down', clock.now() - 2 * MINUTE),
      removes: [],
    })
    const shelve = recorded(running, clock.now(), {
      action: 'shelve',
      fingerprint: firstLine(running).fingerprint,
      note: 'switch replacement',
      until: clock.now() + HOUR,
    })
    running.applyAction(shelve)
    // The switch flaps: up, and down again (a new episode) while shelved.
    clock.advance(MINUTE)
    running.applyEntities('network', { reset: false, upserts: topology('up', clock.now()), removes: [] })
    clock.advance(MINUTE)
    const again = topology('down', clock.now() - 2 * MINUTE + MINUTE)
    running.applyEntities('network', { reset: false, upserts: again, removes: [] })
    clock.advance(MINUTE)
    running.tick()

    const late = engineOn(floodPack, clock)
    late.applyActions([shelve])
    late.applyEntities('network', { reset: true, upserts: again, removes: [] })
    expect(running.alarms()).toMatchObject([{ state: 'shelved' }])
    expect(view(late.alarms())).toEqual(view(running.alarms()))
  })

  it('keeps the alarm’s raise time through a shelve, and escalates from its return — alike on an instance that starts afterwards', () => {
    const pack = makePack(floodPack.rules.map((r) => ({ ...r, for: '60s', escalateAfter: '15m' })))
    const clock = makeClock()
    const downAt = clock.now() - 2 * MINUTE
    const running = engineOn(pack, clock)
    running.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    const until = clock.now() + 30 * MINUTE
    const shelve = recorded(running, clock.now(), {
      action: 'shelve',
      fingerprint: firstLine(running).fingerprint,
      note: 'reboot',
      until,
    })
    running.applyAction(shelve)
    clock.set(until + 10 * MINUTE)
    running.tick()
    const late = engineOn(pack, clock)
    late.applyActions([shelve])
    late.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    late.tick()
    // Back for 10 min of its 15: not escalated yet, on either; its age is still the switch's.
    expect(firstLine(running)).toMatchObject({
      state: 'unacknowledged',
      raisedAt: downAt + MINUTE,
      escalated: false,
    })
    expect(view(late.alarms())).toEqual(view(running.alarms()))
    expect(firstLine(late).escalated).toBe(false)
    clock.advance(5 * MINUTE)
    running.tick()
    late.tick()
    expect([firstLine(running).escalated, firstLine(late).escalated]).toEqual([true, true])
  })
})

describe('raise times every instance agrees on', () => {
  it('dates a device-down alarm from the device’s statusSince plus the rule’s `for`, not from when this instance started', () => {
    const clock = makeClock()
    const downAt = clock.now() - 6 * MINUTE
    const fresh = engineOn(floodPack, clock)
    fresh.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    expect(firstLine(fresh)).toMatchObject({ state: 'unacknowledged', raisedAt: downAt + MINUTE })

    clock.advance(3 * MINUTE)
    const later = engineOn(floodPack, clock)
    later.applyEntities('network', { reset: true, upserts: topology('down', downAt), removes: [] })
    expect(view(later.alarms())).toEqual(view(fresh.alarms()))
  })

  it('dates a cyber alarm from the alert’s firstSeen', () => {
    const clock = makeClock()
    const engine = engineOn(
      makePack([{ id: 'cyber-new', kind: 'cyber-alert', title: 'New cyber alert', priority: 'medium' }]),
      clock,
    )
    const firstSeen = clock.now() - 20 * MINUTE
    engine.applyEntities('cyber', {
      reset: true,
      upserts: [makeCyberAlert({ id: 'c1', severity: 'high', firstSeen })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([{ raisedAt: firstSeen }])
  })

  it('takes the start the gateway states for a KPI condition, so a late instance raises and ages it with everyone else', () => {
    const pack = makePack([
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
    ])
    const wards = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`b${i}`, 'ward-a' as const]))
    const beds = Array.from({ length: 100 }, (_, i) =>
      makeBed({ id: `b${i}`, status: i < 93 ? 'occupied' : 'unoccupied' }),
    )
    const clock = makeClock()
    const startedAt = clock.now()
    const gateway = engineOn(pack, clock)
    gateway.setSiteModel(makeSiteModel(wards))
    gateway.applyEntities('beds', { reset: true, upserts: beds, removes: [] })

    clock.advance(3 * MINUTE)
    const late = engineOn(pack, clock)
    late.setConditionOrigins(gateway.conditionOrigins())
    late.setSiteModel(makeSiteModel(wards))
    late.applyEntities('beds', { reset: true, upserts: beds, removes: [] })
    const without = engineOn(pack, clock)
    without.setSiteModel(makeSiteModel(wards))
    without.applyEntities('beds', { reset: true, upserts: beds, removes: [] })

    clock.advance(2 * MINUTE)
    for (const engine of [gateway, late, without]) engine.tick()
    expect(gateway.alarms()).toMatchObject([{ ruleId: 'occupancy-amber', raisedAt: startedAt + 5 * MINUTE }])
    expect(view(late.alarms())).toEqual(view(gateway.alarms()))
    // Without the gateway's statement the late instance would wait out its own 5 min.
    expect(without.alarms()).toEqual([])
  })
})

describe('the gateway’s view of fingerprints', () => {
  it('knows the alarms, lines and waiting conditions it holds and the few fingerprints of a client’s own view, and nothing else', () => {
    const clock = makeClock()
    const pack = makePack([
      ...floodPack.rules.map((r) => ({ ...r, for: '60s' })),
      { id: 'feed-stale', kind: 'feed-stale', title: 'Feed stale', priority: 'medium' },
      { id: 'gateway-disconnected', kind: 'gateway-disconnected', title: 'Gateway down', priority: 'high' },
    ])
    const engine = engineOn(pack, clock)
    engine.applyEntities('network', {
      reset: true,
      upserts: topology('down', clock.now() - 2 * MINUTE),
      removes: [],
    })
    engine.applyEntities('network', {
      reset: false,
      upserts: [makeDevice({ id: 'ap-new', status: 'down', statusSince: clock.now() })],
      removes: [],
    })
    const line = firstLine(engine).fingerprint
    expect(engine.knows(line)).toBe(true)
    expect(engine.knows(fingerprintOf('device-down', 'ap-0'))).toBe(true)
    // Down 0 s of its 60: not raised, but a client a moment ahead may already show it.
    expect(engine.knows(fingerprintOf('device-down', 'ap-new'))).toBe(true)
    expect(engine.knows(fingerprintOf('feed-stale', 'cyber'))).toBe(true)
    expect(engine.knows(fingerprintOf('gateway-disconnected', 'gateway'))).toBe(true)

    expect(engine.knows(fingerprintOf('device-down', 'sw-does-not-exist'))).toBe(false)
    expect(engine.knows(fingerprintOf('no-such-rule', 'ap-0'))).toBe(false)
    expect(engine.knows('device-down@group:sw-9')).toBe(false)
    expect(engine.knows(fingerprintOf('feed-stale', 'weather'))).toBe(false)
    expect(engine.knows('junk')).toBe(false)
    // Up devices raise nothing, but an alarm on one could be shown CLEARED · UNACK by a client.
    expect(engine.knows(fingerprintOf('device-down', 'core-1'))).toBe(false)
    expect(engine.couldRaise(fingerprintOf('device-down', 'core-1'))).toBe(true)
    expect(engine.couldRaise(fingerprintOf('device-down', 'sw-does-not-exist'))).toBe(false)
  })
})

describe('a cyber alert’s line', () => {
  it('keeps the alert’s severity out of the detail text and apart, for a labelled chip', () => {
    const clock = makeClock()
    const engine = engineOn(
      makePack([
        {
          id: 'cyber-new',
          kind: 'cyber-alert',
          title: 'New cyber alert',
          priority: 'medium',
          priorityBySeverity: { critical: 'high', high: 'medium' },
        },
      ]),
      clock,
    )
    engine.applyEntities('cyber', {
      reset: true,
      upserts: [makeCyberAlert({ id: 'c1', severity: 'high', title: 'Outbound C2 beacon from ward PC' })],
      removes: [],
    })
    expect(engine.alarms()).toMatchObject([
      { priority: 'medium', alertSeverity: 'high', detail: 'Outbound C2 beacon from ward PC' },
    ])
  })
})
