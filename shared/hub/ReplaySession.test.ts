import { beforeEach, describe, expect, it } from 'vitest'
import type { AnyEntity, Topic } from '../contracts/entities.ts'
import type { AlarmActionRecord } from '../contracts/feed.ts'
import type { HubToWindowMessage, ReplicaSnapshot } from '../contracts/hub.ts'
import type { AlarmMark, Timeline } from '../contracts/incidents.ts'
import type { ReplayStatus } from '../contracts/replay.ts'
import { parseRulePack } from '../domain/alarms/parseRulePack.ts'
import type { RulePack } from '../domain/alarms/alarmRuleSchema.ts'
import type { HubFetch } from './FeedSocketPort.ts'
import { ReplaySession } from './ReplaySession.ts'
import { ReplaySwitch } from './ReplaySwitch.ts'
import { ManualClock, ManualScheduler, makeBed, makeDevice } from '../../tests/support/fakeFeedSocket.ts'

const T0 = 1_700_000_000_000
const S = 1_000

function pack(): RulePack {
  const result = parseRulePack({
    version: 1,
    name: 'test',
    rules: [
      {
        id: 'device-down',
        kind: 'device-down',
        title: 'Network device down',
        priority: 'high',
        statuses: ['down'],
      },
    ],
  })
  if (!result.ok) throw new Error(result.errors.join('; '))
  return result.pack
}

type Batch = { topic: Topic; seq: number; at: number; upserts: AnyEntity[]; removes: string[] }

/** The drill, as the gateway's log holds it: a switch goes down at +60 s, is acknowledged, recovers. */
const batches: Batch[] = [
  { topic: 'beds', seq: 1, at: T0, upserts: [makeBed({ status: 'unoccupied' })], removes: [] },
  { topic: 'network', seq: 1, at: T0, upserts: [makeDevice({ status: 'up', statusSince: T0 })], removes: [] },
  {
    topic: 'network',
    seq: 2,
    at: T0 + 60 * S,
    upserts: [makeDevice({ status: 'down', statusSince: T0 + 60 * S })],
    removes: [],
  },
  {
    topic: 'beds',
    seq: 2,
    at: T0 + 120 * S,
    upserts: [makeBed({ status: 'occupied', statusSince: T0 + 120 * S })],
    removes: [],
  },
  {
    topic: 'network',
    seq: 3,
    at: T0 + 180 * S,
    upserts: [makeDevice({ status: 'up', statusSince: T0 + 180 * S })],
    removes: [],
  },
]
const raised: AlarmMark = {
  at: T0 + 60 * S,
  kind: 'raised',
  fingerprint: 'device-down@sw-1',
  ruleId: 'device-down',
  title: 'Network device down',
  detail: '',
  priority: 'high',
  raisedAt: T0 + 60 * S,
  subject: null,
}
const ack: AlarmActionRecord = {
  id: 'a1',
  action: 'acknowledge',
  fingerprint: 'device-down@sw-1',
  note: 'switch reseated',
  by: 'alice',
  at: T0 + 90 * S,
}

/** A gateway's history routes over `batches`, answering as `createHistoryRoutes` does. */
function fakeHistory(options: { reachesBackTo?: number } = {}): { fetch: HubFetch; requests: string[] } {
  const requests: string[] = []
  const answer = (status: number, body: unknown) => ({
    ok: status < 400,
    status,
    headers: { get: () => null },
    json: async () => body,
  })
  const fetch: HubFetch = async (url) => {
    const parsed = new URL(url)
    requests.push(`${parsed.pathname}?${parsed.searchParams.toString()}`)
    const q = (name: string) => Number(parsed.searchParams.get(name))
    const topic = parsed.searchParams.get('topic') as Topic
    if (parsed.pathname === '/v1/history/state') {
      const at = q('at')
      if (options.reachesBackTo !== undefined && at < options.reachesBackTo)
        return answer(404, { error: 'the change log no longer reaches back to then' })
      const map = new Map<string, AnyEntity>()
      let seq = 0
      for (const b of batches) {
        if (b.topic !== topic || b.at > at) continue
        for (const e of b.upserts) map.set(e.id, e)
        seq = b.seq
      }
      return answer(200, { topic, at, seq, asOf: at, entities: [...map.values()] })
    }
    if (parsed.pathname === '/v1/history/changes') {
      const list = batches.filter((b) => b.topic === topic && b.at > q('from') && b.at <= q('to'))
      return answer(200, { topic, batches: list, truncated: false })
    }
    if (parsed.pathname === '/v1/history/timeline') {
      const timeline: Timeline = {
        from: q('from'),
        to: q('to'),
        alarms: [raised, { ...raised, kind: 'cleared', at: T0 + 180 * S, raisedAt: null }],
        actions: [ack],
        sources: [],
        sourcesAtStart: [],
        incidents: [],
        eventsKept: true,
        truncated: false,
      }
      return answer(200, timeline)
    }
    return answer(404, { error: 'no such route' })
  }
  return { fetch, requests }
}

const liveSnapshot = (): ReplicaSnapshot => ({
  hello: null,
  siteModel: null,
  connection: { status: 'connected', since: T0, detail: null, gatewayUrl: 'http://127.0.0.1:1' },
  topics: {
    beds: { seq: 9, confirmedAt: T0, resyncs: 0, restored: null },
    assets: { seq: 9, confirmedAt: T0, resyncs: 0, restored: null },
    network: { seq: 9, confirmedAt: T0, resyncs: 0, restored: null },
    cyber: { seq: 9, confirmedAt: T0, resyncs: 0, restored: null },
    waiting: { seq: 9, confirmedAt: T0, resyncs: 0, restored: null },
  },
  entities: { beds: [], assets: [], network: [makeDevice({ id: 'live-sw' })], cyber: [], waiting: [] },
  sources: [],
  alarms: [],
  alarmActions: [],
})

/** The window's view: the messages applied the way the renderer's store applies them. */
class Window {
  entities = new Map<string, AnyEntity>()
  alarms: ReplicaSnapshot['alarms'] = []
  replay: ReplayStatus | null = null
  liveAlarms: ReplicaSnapshot['alarms'] | null = null
  snapshots = 0
  readonly listener = (message: HubToWindowMessage): void => {
    if (message.type === 'snapshot') {
      this.snapshots += 1
      const { state } = message
      this.entities = new Map(
        [...state.entities.beds, ...state.entities.network].map((e): [string, AnyEntity] => [e.id, e]),
      )
      this.alarms = state.alarms
      this.replay = state.replay ?? null
      this.liveAlarms = state.liveAlarms ?? null
      return
    }
    const { changes } = message
    for (const topic of ['beds', 'network'] as const) {
      const delta = changes.entities?.[topic]
      if (delta === undefined) continue
      for (const e of delta.upserts) this.entities.set(e.id, e)
      for (const id of delta.removes) this.entities.delete(id)
    }
    if (changes.alarms !== undefined) this.alarms = changes.alarms
    if (changes.replay !== undefined) this.replay = changes.replay
    if (changes.liveAlarms !== undefined) this.liveAlarms = changes.liveAlarms
  }
  status(id: string): string | undefined {
    const e = this.entities.get(id)
    return e !== undefined && 'status' in e ? String(e.status) : undefined
  }
}

describe('ReplaySession', () => {
  let clock: ManualClock
  let scheduler: ManualScheduler
  let history: ReturnType<typeof fakeHistory>
  let session: ReplaySession
  let window: Window

  const make = (options: { reachesBackTo?: number } = {}) => {
    history = fakeHistory(options)
    session = new ReplaySession({
      gatewayUrl: 'http://127.0.0.1:1',
      token: 't',
      fetch: history.fetch,
      clock,
      schedule: scheduler.schedule,
      pack: pack(),
      live: liveSnapshot,
    })
    window = new Window()
    session.attach(window.listener)
  }
  /** Plays `wallMs` of wall time in playback steps, letting each prefetch land. */
  const runFor = async (wallMs: number) => {
    for (let t = 0; t < wallMs; t += 250) {
      clock.advance(250)
      await session.whenIdle()
      scheduler.frame()
    }
  }

  beforeEach(() => {
    clock = new ManualClock(T0 + 3_600 * S)
    scheduler = new ManualScheduler()
    make()
  })

  it('seeks: the window shows the log’s state at that moment, marked REPLAY at that time', async () => {
    await session.seek(T0 + 30 * S)
    scheduler.frame()
    expect(window.replay?.at).toBe(T0 + 30 * S)
    expect(window.replay?.loading).toBe(false)
    expect(window.status('sw-1')).toBe('up')
    expect(window.status('bed-1')).toBe('unoccupied')
    expect(window.entities.has('live-sw')).toBe(false)
    expect(window.alarms).toEqual([])
    // The strip is marked with the alarm raised and its acknowledgement, who acknowledged it.
    expect(window.replay?.markers.map((m) => [m.kind, m.at, m.by])).toEqual([
      ['raised', T0 + 60 * S, null],
      ['acknowledged', T0 + 90 * S, 'alice'],
    ])
  })

  it('rebuilds the alarms of the moment, acknowledged only once the log says so', async () => {
    await session.seek(T0 + 70 * S)
    scheduler.frame()
    expect(window.alarms.map((a) => [a.fingerprint, a.state])).toEqual([
      ['device-down@sw-1', 'unacknowledged'],
    ])
    await session.seek(T0 + 100 * S)
    scheduler.frame()
    expect(window.alarms.map((a) => [a.state, a.ack?.by])).toEqual([['acknowledged', 'alice']])
    // Back before the raise: rebuilt from the log's state, not undone in memory.
    const before = window.snapshots
    await session.seek(T0 + 10 * S)
    scheduler.frame()
    expect(window.snapshots).toBe(before + 1)
    expect(window.alarms).toEqual([])
    expect(window.status('sw-1')).toBe('up')
  })

  it('plays at 1×, 10× and 60× of the fake clock', async () => {
    await session.seek(T0 + 10 * S)
    session.play(1)
    await runFor(4_000)
    expect(window.replay?.at).toBe(T0 + 14 * S)
    session.play(10)
    await runFor(4_000)
    expect(window.replay?.at).toBe(T0 + 54 * S)
    expect(window.status('sw-1')).toBe('up')
    session.play(60)
    await runFor(2_000)
    expect(window.replay?.at).toBe(T0 + 174 * S)
    // Played through the drill: the switch went down, the bed filled, the alarm was acknowledged.
    expect(window.status('sw-1')).toBe('down')
    expect(window.status('bed-1')).toBe('occupied')
    expect(window.alarms.map((a) => [a.state, a.ack?.by])).toEqual([['acknowledged', 'alice']])
    await runFor(1_000)
    expect(window.status('sw-1')).toBe('up')
  })

  it('pauses: the replayed moment holds while the clock runs', async () => {
    await session.seek(T0 + 10 * S)
    session.play(10)
    await runFor(1_000)
    session.pause()
    scheduler.frame()
    const at = window.replay?.at
    await runFor(5_000)
    expect(window.replay?.at).toBe(at)
    expect(window.replay?.playing).toBe(false)
  })

  it('steps to the next alarm raised or acknowledged, and says when there is none', async () => {
    await session.seek(T0 + 10 * S)
    expect(await session.nextAlarm()).toBe(true)
    scheduler.frame()
    expect(window.replay?.at).toBe(T0 + 60 * S)
    expect(window.alarms.map((a) => a.state)).toEqual(['unacknowledged'])
    expect(await session.nextAlarm()).toBe(true)
    scheduler.frame()
    expect(window.replay?.at).toBe(T0 + 90 * S)
    expect(window.alarms.map((a) => a.state)).toEqual(['acknowledged'])
    expect(await session.nextAlarm()).toBe(false)
    expect(session.getStatus().at).toBe(T0 + 90 * S)
  })

  it('stops at the live present instead of playing into the future', async () => {
    await session.seek(clock.now() - 10 * S)
    session.play(60)
    await runFor(1_000)
    expect(session.getStatus().playing).toBe(false)
    expect(session.getStatus().caughtUp).toBe(true)
    expect(session.getStatus().at).toBeLessThan(clock.now())
  })

  it('says why when the log no longer reaches back to the moment', async () => {
    make({ reachesBackTo: T0 })
    await session.seek(T0 - 60 * S)
    scheduler.frame()
    expect(window.replay?.error).toMatch(/no longer reaches back/)
    expect(window.replay?.loading).toBe(false)
  })
})

describe('ReplaySwitch', () => {
  it('passes live data through, replays the past with the live alarms beside it, and returns to live', async () => {
    const clock = new ManualClock(T0 + 3_600 * S)
    const scheduler = new ManualScheduler()
    const history = fakeHistory()
    let liveListener: ((message: HubToWindowMessage) => void) | null = null
    const live = {
      attach: (listener: (message: HubToWindowMessage) => void) => {
        liveListener = listener
        listener({ type: 'snapshot', state: liveSnapshot() })
        return () => {
          liveListener = null
        }
      },
      snapshot: liveSnapshot,
    }
    const replaySwitch = new ReplaySwitch({
      live,
      createSession: () =>
        new ReplaySession({
          gatewayUrl: 'http://127.0.0.1:1',
          token: 't',
          fetch: history.fetch,
          clock,
          schedule: scheduler.schedule,
          pack: pack(),
          live: liveSnapshot,
        }),
    })
    const window = new Window()
    replaySwitch.attach(window.listener)
    expect(window.entities.has('live-sw')).toBe(true)

    expect(await replaySwitch.command({ type: 'seek', at: T0 + 70 * S })).toEqual({ ok: true })
    scheduler.frame()
    expect(window.replay?.at).toBe(T0 + 70 * S)
    expect(window.entities.has('live-sw')).toBe(false)
    expect(window.status('sw-1')).toBe('down')

    // A live batch does not reach the replaying board; a live alarm does, as a live alarm.
    const liveAlarm = {
      ...window.alarms[0],
      fingerprint: 'live@x',
      title: 'Live alarm',
    } as ReplicaSnapshot['alarms'][number]
    const push = liveListener as ((message: HubToWindowMessage) => void) | null
    push?.({
      type: 'changes',
      changes: {
        entities: { network: { reset: false, upserts: [makeDevice({ id: 'live-sw-2' })], removes: [] } },
        alarms: [liveAlarm],
      },
    })
    expect(window.entities.has('live-sw-2')).toBe(false)
    expect(window.liveAlarms?.map((a) => a.fingerprint)).toEqual(['live@x'])
    expect(window.alarms.map((a) => a.fingerprint)).toEqual(['device-down@sw-1'])

    expect(await replaySwitch.command({ type: 'live' })).toEqual({ ok: true })
    expect(replaySwitch.replaying).toBe(false)
    expect(window.replay).toBeNull()
    expect(window.liveAlarms).toBeNull()
    expect(window.entities.has('live-sw')).toBe(true)
    // Nothing from the ended session arrives afterwards.
    scheduler.frame()
    expect(window.replay).toBeNull()
  })

  it('refuses play, pause and next-alarm when not replaying', async () => {
    const replaySwitch = new ReplaySwitch({
      live: { attach: () => () => undefined, snapshot: liveSnapshot },
      createSession: () => {
        throw new Error('not used')
      },
    })
    expect(await replaySwitch.command({ type: 'play', speed: 10 })).toEqual({
      ok: false,
      error: 'This window is not replaying',
    })
  })
})
