/**
 * A replay session: one window's state rebuilt as it was at a past moment, from the gateway's
 * change log (`/v1/history/state`, `/changes`, `/timeline`), then played forward at 1×, 10× or 60×.
 *
 * It speaks the hub's language: a listener gets a full snapshot when it attaches or the session
 * seeks, then coalesced changes at most once per flush — exactly what a window's store applies for
 * live data — plus a {@link ReplayStatus} for the band and the controls. Its alarms come from its
 * own alarm engine, run on the replayed data with the replayed moment as its clock and the logged
 * acknowledgements applied up to that moment: the alarm list shows what the wall showed then. That
 * engine plays no sound and tells no notifier: the past never sounds.
 *
 * The gateway answers with each role's redaction, so a replay shows a role what live data shows it.
 *
 * Pure TypeScript with its clock, scheduler and fetch injected (tests drive it with fakes).
 */
import { z } from 'zod'
import {
  TOPICS,
  entitySchemas,
  type AnyEntity,
  type SourceHealth,
  type Topic,
} from '../contracts/entities.ts'
import type { AlarmActionRecord, AlarmCondition } from '../contracts/feed.ts'
import type {
  EntityLists,
  HubToWindowMessage,
  ReplicaChanges,
  ReplicaSnapshot,
  TopicState,
} from '../contracts/hub.ts'
import { IncidentRoute, timelineSchema, type Timeline } from '../contracts/incidents.ts'
import type { ReplayMarker, ReplaySpeed, ReplayStatus } from '../contracts/replay.ts'
import { AlarmEngine } from '../domain/alarms/AlarmEngine.ts'
import type { RulePack } from '../domain/alarms/alarmRuleSchema.ts'
import { runDetached } from '../util/runDetached.ts'
import {
  silentHubLogger,
  type FlushScheduler,
  type HubClock,
  type HubFetch,
  type HubLogger,
} from './FeedSocketPort.ts'
import { PendingChanges } from './PendingChanges.ts'

/** Wall-clock time between two playback steps. */
export const REPLAY_TICK_MS = 250
/** How much of the log ahead of the replayed moment is fetched at a time. */
const DEFAULT_CHUNK_MS = 5 * 60_000
/** The strip's default reach before the first moment chosen. */
const DEFAULT_RANGE_MS = 6 * 3_600_000
/** Playback stops this close to the live present: the log is still being written there. */
const LIVE_MARGIN_MS = 2_000
/** The most batches one `changes` answer carries (the gateway's own bound). */
const CHANGES_LIMIT = 5_000

const stateAnswerSchema = z.object({
  topic: z.string(),
  seq: z.number().int().nonnegative(),
  asOf: z.number().nullable(),
  entities: z.array(z.unknown()),
})
const batchSchema = z.object({
  topic: z.string(),
  seq: z.number().int().positive(),
  at: z.number(),
  upserts: z.array(z.unknown()),
  removes: z.array(z.string()),
})
type LoadedBatch = z.infer<typeof batchSchema>
const changesAnswerSchema = z.object({ batches: z.array(batchSchema), truncated: z.boolean() })
const errorAnswerSchema = z.object({ error: z.string() })

export type ReplaySessionOptions = {
  readonly gatewayUrl: string
  readonly token: string
  readonly fetch: HubFetch
  readonly clock: HubClock
  readonly schedule: FlushScheduler
  /** The rule pack of this app instance's live engine, so the past is judged by the same rules. */
  readonly pack: RulePack
  /** The live replica: the hello, the site model, the connection and the sources' list come from it. */
  readonly live: () => ReplicaSnapshot
  readonly logger?: HubLogger
  readonly tickMs?: number
  readonly chunkMs?: number
}

type Maps = Record<Topic, Map<string, AnyEntity>>

/** One value per topic, every topic of the contract (a new topic needs no edit here). */
function perTopic<T>(make: (topic: Topic) => T): Record<Topic, T> {
  return Object.fromEntries(TOPICS.map((topic) => [topic, make(topic)])) as Record<Topic, T>
}

const emptyMaps = (): Maps => perTopic(() => new Map<string, AnyEntity>())

/** Why a fetch failed, in words for the band. */
class ReplayFetchError extends Error {}

/** See the module comment. */
export class ReplaySession {
  private readonly options: ReplaySessionOptions
  private readonly logger: HubLogger
  private readonly tickMs: number
  private readonly chunkMs: number

  private maps: Maps = emptyMaps()
  private seqs: Record<Topic, number> = perTopic(() => 0)
  /** Batches fetched ahead of the replayed moment, per topic, in seq order. */
  private ahead: Record<Topic, LoadedBatch[]> = perTopic((): LoadedBatch[] => [])
  /** The log has been fetched up to this time (batches at or before it are in `ahead` or applied). */
  private loadedTo = 0
  private fetchingAhead: Promise<void> | null = null
  private engine: AlarmEngine | null = null
  private timeline: Timeline | null = null
  private actionsApplied = 0
  private sources: readonly SourceHealth[] = []

  private status: ReplayStatus
  private ready = false
  /** Bumped by every seek: answers for an older seek are dropped. */
  private generation = 0
  private cancelTick: (() => void) | null = null
  private lastTickAt = 0
  private stopped = false

  private readonly pending = new PendingChanges()
  private pendingStatus = false
  private cancelFlush: (() => void) | null = null
  private readonly listeners = new Set<(message: HubToWindowMessage) => void>()

  constructor(options: ReplaySessionOptions) {
    this.options = options
    this.logger = options.logger ?? silentHubLogger
    this.tickMs = options.tickMs ?? REPLAY_TICK_MS
    this.chunkMs = options.chunkMs ?? DEFAULT_CHUNK_MS
    const now = options.clock.now()
    this.status = {
      at: now,
      speed: 1,
      playing: false,
      rangeFrom: now - DEFAULT_RANGE_MS,
      rangeTo: now,
      loading: true,
      error: null,
      caughtUp: false,
      markers: [],
    }
  }

  /** The band's and the controls' view. */
  getStatus(): ReplayStatus {
    return this.status
  }

  /** Whether the first moment has been rebuilt (before that, a snapshot has no replayed data). */
  get isReady(): boolean {
    return this.ready
  }

  /** Attaches a window: it gets a snapshot now (once the first moment is rebuilt), then changes. */
  attach(listener: (message: HubToWindowMessage) => void): () => void {
    this.listeners.add(listener)
    if (this.ready) listener({ type: 'snapshot', state: this.snapshot() })
    else listener({ type: 'changes', changes: { replay: this.status } })
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** The replayed replica as plain data, with the replay status. */
  snapshot(): ReplicaSnapshot {
    const live = this.options.live()
    const entities = perTopic((topic) => [...this.maps[topic].values()])
    return {
      hello: live.hello,
      siteModel: live.siteModel,
      connection: live.connection,
      topics: this.topicStates(),
      entities: entities as EntityLists,
      sources: this.sources,
      alarms: this.engine?.alarms() ?? [],
      alarmActions: this.actionsUpTo(this.status.at),
      replay: this.status,
    }
  }

  /**
   * Shows the state at `at`. Forward within what is fetched, it applies the batches in between;
   * otherwise it rebuilds from the log's state at `at`. Playback keeps its speed and carries on.
   * Resolves once the moment is on screen (or the status carries why it cannot be).
   */
  async seek(at: number, rangeFrom?: number): Promise<void> {
    if (this.stopped) return
    const now = this.options.clock.now()
    const target = Math.min(at, now - LIVE_MARGIN_MS)
    const generation = ++this.generation
    if (rangeFrom !== undefined) this.setStatus({ rangeFrom: Math.min(rangeFrom, target) })
    else if (target < this.status.rangeFrom) this.setStatus({ rangeFrom: target - 15 * 60_000 })
    this.setStatus({
      loading: true,
      error: null,
      caughtUp: false,
      rangeTo: Math.max(this.status.rangeTo, now),
    })
    try {
      if (this.timeline === null || this.timeline.from > this.status.rangeFrom || this.timeline.to < target) {
        await this.loadTimeline(generation)
      }
      if (generation !== this.generation) return
      if (this.ready && target >= this.status.at && target <= this.loadedTo + this.chunkMs) {
        await this.ensureLoaded(target, generation)
        if (generation !== this.generation) return
        this.advanceTo(target)
      } else {
        await this.rebuild(target, generation)
        if (generation !== this.generation) return
      }
      this.setStatus({ loading: false })
      // The board is drawn; the log just ahead is fetched before playback needs it.
      this.prefetch()
      await this.whenIdle()
      this.lastTickAt = this.options.clock.now()
    } catch (error) {
      if (generation !== this.generation) return
      const reason = error instanceof Error ? error.message : 'unknown error'
      this.logger.warn('replay seek failed', { reason })
      this.setStatus({ loading: false, playing: false, error: reason })
      this.stopTicking()
    }
  }

  /** Plays forward at `speed` from the replayed moment. */
  play(speed: ReplaySpeed): void {
    if (this.stopped) return
    this.setStatus({ speed, playing: true, caughtUp: false })
    this.lastTickAt = this.options.clock.now()
    if (this.cancelTick === null) this.scheduleTick()
  }

  pause(): void {
    this.setStatus({ playing: false })
    this.stopTicking()
  }

  /**
   * Moves to the next alarm raised or acknowledged after the replayed moment; false when there is
   * none before the present (the status is unchanged).
   */
  async nextAlarm(): Promise<boolean> {
    const next = this.status.markers.find((marker) => marker.at > this.status.at)
    if (next === undefined) return false
    await this.seek(next.at)
    return true
  }

  /** Resolves once no fetch of the log ahead is in flight (hosts that wait for it, and tests). */
  async whenIdle(): Promise<void> {
    while (this.fetchingAhead !== null) await this.fetchingAhead.catch(() => undefined)
  }

  /** Ends the session: no more messages, timers cancelled. */
  stop(): void {
    this.stopped = true
    this.generation += 1
    this.stopTicking()
    this.cancelFlush?.()
    this.cancelFlush = null
    this.listeners.clear()
  }

  // ---------------------------------------------------------------------------------------------
  // Rebuilding and advancing

  private async rebuild(at: number, generation: number): Promise<void> {
    const states = await Promise.all(TOPICS.map((topic) => this.fetchState(topic, at)))
    if (generation !== this.generation) return
    const maps = emptyMaps()
    for (const [index, topic] of TOPICS.entries()) {
      const state = states[index]
      if (state === undefined) continue
      for (const raw of state.entities) {
        const entity = this.parseEntity(topic, raw)
        if (entity !== null) maps[topic].set(entity.id, entity)
      }
      this.seqs[topic] = state.seq
    }
    this.maps = maps
    this.ahead = perTopic((): LoadedBatch[] => [])
    this.loadedTo = at
    this.status = { ...this.status, at }
    this.engine = this.seedEngine(at)
    this.sources = this.sourcesAt(at)
    this.ready = true
    this.pending.take()
    this.pendingStatus = false
    this.emit({ type: 'snapshot', state: this.snapshot() })
    this.logger.info('replay rebuilt', {
      at,
      entities: TOPICS.reduce((n, topic) => n + maps[topic].size, 0),
    })
  }

  /** Applies every fetched batch up to `to`, then re-evaluates the alarms at `to`. */
  private advanceTo(to: number): void {
    const engine = this.engine
    for (const topic of TOPICS) {
      const queue = this.ahead[topic]
      let used = 0
      const upserts = new Map<string, AnyEntity>()
      const removes = new Set<string>()
      const map = this.maps[topic]
      for (const batch of queue) {
        if (batch.at > to) break
        used += 1
        if (batch.seq <= this.seqs[topic]) continue
        if (batch.seq > this.seqs[topic] + 1) {
          // The log lost batches here (pruned): what follows is still the log's truth for them.
          this.logger.warn('replay gap in the log', { topic, expected: this.seqs[topic] + 1, got: batch.seq })
        }
        for (const raw of batch.upserts) {
          const entity = this.parseEntity(topic, raw)
          if (entity === null) continue
          map.set(entity.id, entity)
          upserts.set(entity.id, entity)
          removes.delete(entity.id)
          this.pending.upsert(topic, entity)
        }
        for (const id of batch.removes) {
          if (!map.delete(id)) continue
          upserts.delete(id)
          removes.add(id)
          this.pending.remove(topic, id)
        }
        this.seqs[topic] = batch.seq
      }
      if (used > 0) queue.splice(0, used)
      if (engine !== null && (upserts.size > 0 || removes.size > 0)) {
        engine.applyEntities(topic, { reset: false, upserts: [...upserts.values()], removes: [...removes] })
      }
    }
    const previous = this.status.at
    // Every topic confirmed at `to` before the clock moves there: moved first, the engine would
    // see the topics not yet confirmed as stale for an instant and raise a feed alarm the wall
    // never showed.
    if (engine !== null) for (const topic of TOPICS) engine.setConfirmedAt(topic, to)
    this.status = { ...this.status, at: to }
    if (engine !== null) {
      const actions = this.timeline?.actions ?? []
      const fresh: AlarmActionRecord[] = []
      while (this.actionsApplied < actions.length) {
        const action = actions[this.actionsApplied]
        if (action === undefined || action.at > to) break
        if (action.at > previous) fresh.push(action)
        this.actionsApplied += 1
      }
      if (fresh.length > 0) {
        engine.applyActions(fresh)
        this.pending.setAlarmActions(this.actionsUpTo(to))
      }
      engine.tick()
      this.pending.setAlarms(engine.alarms())
    }
    const sources = this.sourcesAt(to)
    if (!sameSources(sources, this.sources)) {
      this.sources = sources
      this.pending.setSources(sources)
    }
    for (const [topic, state] of Object.entries(this.topicStates()) as [Topic, TopicState][]) {
      this.pending.setTopicState(topic, state)
    }
    this.pendingStatus = true
    this.requestFlush()
  }

  /** A fresh engine with the state at `at`: its conditions start where the log says they began. */
  private seedEngine(at: number): AlarmEngine {
    const engine = new AlarmEngine({ pack: this.options.pack, now: () => this.status.at, historyLimit: 50 })
    const marks = this.timeline?.alarms ?? []
    const open = new Map<string, (typeof marks)[number]>()
    for (const mark of marks) {
      if (mark.at > at) break
      if (mark.kind === 'raised') open.set(mark.fingerprint, mark)
      else open.delete(mark.fingerprint)
    }
    // Conditions without a time of their own (KPIs, PAR) began `for` before the logged raise.
    const origins: AlarmCondition[] = [...open.values()].map((mark) => ({
      fingerprint: mark.fingerprint,
      since: (mark.raisedAt ?? mark.at) - (engine.rule(mark.ruleId)?.for ?? 0),
    }))
    engine.setConditionOrigins(origins)
    const live = this.options.live()
    if (live.siteModel !== null) engine.setSiteModel(live.siteModel)
    engine.setConnection('connected', at)
    for (const topic of TOPICS) {
      engine.applyEntities(topic, { reset: true, upserts: [...this.maps[topic].values()], removes: [] })
      engine.setConfirmedAt(topic, at)
    }
    const actions = this.timeline?.actions ?? []
    let applied = 0
    while (applied < actions.length && (actions[applied]?.at ?? Infinity) <= at) applied += 1
    engine.applyActions(actions.slice(0, applied))
    this.actionsApplied = applied
    engine.tick()
    return engine
  }

  private actionsUpTo(at: number): AlarmActionRecord[] {
    return (this.timeline?.actions ?? []).filter((action) => action.at <= at)
  }

  /** The live sources' list, each with the health the log recorded for it at `at`. */
  private sourcesAt(at: number): SourceHealth[] {
    const timeline = this.timeline
    const live = this.options.live().sources
    if (timeline === null || !timeline.eventsKept) return [...live]
    const status = new Map(timeline.sourcesAtStart.map((mark) => [mark.source, mark]))
    for (const mark of timeline.sources) {
      if (mark.at > at) break
      status.set(mark.source, mark)
    }
    return live.map((source) => {
      const mark = status.get(source.id)
      return mark === undefined ? source : { ...source, status: mark.status, detail: mark.detail }
    })
  }

  private topicStates(): Record<Topic, TopicState> {
    const confirmedAt = this.ready ? this.status.at : null
    const state = (topic: Topic): TopicState => ({
      seq: this.seqs[topic],
      confirmedAt,
      resyncs: 0,
      restored: null,
    })
    return perTopic(state)
  }

  // ---------------------------------------------------------------------------------------------
  // Playback

  private scheduleTick(): void {
    this.cancelTick = this.options.clock.after(this.tickMs, () => {
      this.cancelTick = null
      this.tick()
    })
  }

  private stopTicking(): void {
    this.cancelTick?.()
    this.cancelTick = null
  }

  private tick(): void {
    if (this.stopped || !this.status.playing) return
    const now = this.options.clock.now()
    const elapsed = Math.max(0, now - this.lastTickAt)
    this.lastTickAt = now
    if (!this.status.loading && this.ready) {
      const edge = now - LIVE_MARGIN_MS
      // Never past what is fetched: playback waits for the log rather than show a gap as calm.
      const target = Math.min(this.status.at + elapsed * this.status.speed, edge, this.loadedTo)
      if (target > this.status.at) this.advanceTo(target)
      if (target >= edge) {
        this.setStatus({ playing: false, caughtUp: true })
        return
      }
      this.prefetch()
    }
    this.scheduleTick()
  }

  /** Keeps a chunk of the log ahead of the replayed moment. */
  private prefetch(): void {
    if (this.fetchingAhead !== null || this.stopped) return
    if (this.loadedTo - this.status.at > this.chunkMs / 2) return
    const edge = this.options.clock.now()
    if (this.loadedTo >= edge - LIVE_MARGIN_MS) return
    const generation = this.generation
    this.fetchingAhead = this.fetchAhead(Math.min(this.loadedTo + this.chunkMs, edge), generation)
    runDetached(
      this.fetchingAhead.finally(() => {
        this.fetchingAhead = null
      }),
      (error) => {
        if (generation !== this.generation) return
        const reason = error instanceof Error ? error.message : 'unknown error'
        this.logger.warn('replay prefetch failed', { reason })
        this.setStatus({ playing: false, error: reason })
        this.stopTicking()
      },
    )
  }

  /** Fetches until `to` is covered (waiting for a prefetch in flight first). */
  private async ensureLoaded(to: number, generation: number): Promise<void> {
    if (this.fetchingAhead !== null) await this.fetchingAhead.catch(() => undefined)
    while (this.loadedTo < to && generation === this.generation) {
      await this.fetchAhead(
        Math.max(to, Math.min(this.loadedTo + this.chunkMs, this.options.clock.now())),
        generation,
      )
    }
  }

  private async fetchAhead(to: number, generation: number): Promise<void> {
    const from = this.loadedTo
    if (to <= from) return
    const answers = await Promise.all(TOPICS.map((topic) => this.fetchChanges(topic, from, to)))
    if (generation !== this.generation) return
    // A cut answer covers only up to its last batch: the next fetch starts from the earliest cut.
    let covered = to
    for (const [index, topic] of TOPICS.entries()) {
      const answer = answers[index]
      if (answer === undefined) continue
      const queue = this.ahead[topic]
      const last = queue[queue.length - 1]?.seq ?? this.seqs[topic]
      for (const batch of answer.batches) if (batch.seq > last) queue.push(batch)
      if (answer.truncated) {
        const lastAt = answer.batches[answer.batches.length - 1]?.at ?? to
        covered = Math.min(covered, lastAt)
      }
    }
    this.loadedTo = Math.max(this.loadedTo, covered)
  }

  // ---------------------------------------------------------------------------------------------
  // The gateway

  private async getJson(path: string): Promise<unknown> {
    let response: Awaited<ReturnType<HubFetch>>
    try {
      response = await this.options.fetch(`${this.options.gatewayUrl}${path}`, {
        headers: { authorization: `Bearer ${this.options.token}` },
      })
    } catch {
      throw new ReplayFetchError('Cannot reach the gateway for its history')
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new ReplayFetchError(`The gateway's history answered ${response.status} without JSON`)
    }
    if (!response.ok) {
      const error = errorAnswerSchema.safeParse(body)
      throw new ReplayFetchError(
        error.success
          ? `The gateway cannot replay this: ${error.data.error}`
          : `The gateway answered ${response.status}`,
      )
    }
    return body
  }

  private async fetchState(topic: Topic, at: number): Promise<z.infer<typeof stateAnswerSchema>> {
    const parsed = stateAnswerSchema.safeParse(
      await this.getJson(`/v1/history/state?topic=${topic}&at=${Math.floor(at)}`),
    )
    if (!parsed.success) throw new ReplayFetchError('The gateway sent a history this app does not understand')
    return parsed.data
  }

  private async fetchChanges(
    topic: Topic,
    from: number,
    to: number,
  ): Promise<z.infer<typeof changesAnswerSchema>> {
    // `from` is exclusive at the gateway: a batch at exactly `from` was applied already (seq check).
    const path = `/v1/history/changes?topic=${topic}&from=${Math.floor(from) - 1}&to=${Math.floor(to)}&limit=${CHANGES_LIMIT}`
    const parsed = changesAnswerSchema.safeParse(await this.getJson(path))
    if (!parsed.success) throw new ReplayFetchError('The gateway sent a history this app does not understand')
    return parsed.data
  }

  private async loadTimeline(generation: number): Promise<void> {
    const from = Math.floor(this.status.rangeFrom)
    const to = Math.floor(this.options.clock.now())
    const parsed = timelineSchema.safeParse(
      await this.getJson(`${IncidentRoute.timeline}?from=${from}&to=${to}`),
    )
    if (!parsed.success)
      throw new ReplayFetchError('The gateway sent a timeline this app does not understand')
    if (generation !== this.generation) return
    this.timeline = parsed.data
    this.setStatus({ markers: markersOf(parsed.data), rangeTo: Math.max(this.status.rangeTo, to) })
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  private parseEntity(topic: Topic, raw: unknown): AnyEntity | null {
    const parsed = entitySchemas[topic].safeParse(raw)
    if (parsed.success) return parsed.data
    this.logger.warn('replayed entity rejected', { topic, issues: parsed.error.issues.length })
    return null
  }

  private setStatus(patch: Partial<ReplayStatus>): void {
    this.status = { ...this.status, ...patch }
    this.pendingStatus = true
    this.requestFlush()
  }

  private requestFlush(): void {
    if (this.cancelFlush !== null || this.stopped) return
    this.cancelFlush = this.options.schedule(() => {
      this.cancelFlush = null
      this.flush()
    })
  }

  /** Flushes now (hosts that need it, and tests). */
  flushNow(): void {
    this.cancelFlush?.()
    this.cancelFlush = null
    this.flush()
  }

  private flush(): void {
    if (this.pending.isEmpty && !this.pendingStatus) return
    const changes: ReplicaChanges = { ...this.pending.take(), replay: this.status }
    this.pendingStatus = false
    this.emit({ type: 'changes', changes })
  }

  private emit(message: HubToWindowMessage): void {
    for (const listener of this.listeners) listener(message)
  }
}

/** The strip's marks: alarms raised and acknowledged, oldest first. */
export function markersOf(timeline: Timeline): ReplayMarker[] {
  const priorities = new Map<string, ReplayMarker['priority']>()
  const titles = new Map<string, string>()
  const markers: ReplayMarker[] = []
  for (const mark of timeline.alarms) {
    priorities.set(mark.fingerprint, mark.priority)
    titles.set(mark.fingerprint, mark.title)
    if (mark.kind !== 'raised') continue
    markers.push({
      at: mark.at,
      kind: 'raised',
      priority: mark.priority,
      title: mark.title,
      fingerprint: mark.fingerprint,
      by: null,
    })
  }
  for (const action of timeline.actions) {
    if (action.action !== 'acknowledge') continue
    // A flood line's acknowledgement names the line; its members name the alarms that were raised.
    const named = [action.fingerprint, ...(action.members ?? [])].find((fingerprint) =>
      titles.has(fingerprint),
    )
    markers.push({
      at: action.at,
      kind: 'acknowledged',
      priority: (named === undefined ? undefined : priorities.get(named)) ?? 'low',
      title: (named === undefined ? undefined : titles.get(named)) ?? action.fingerprint,
      fingerprint: action.fingerprint,
      by: action.by,
    })
  }
  return markers.sort((a, b) => a.at - b.at)
}

function sameSources(a: readonly SourceHealth[], b: readonly SourceHealth[]): boolean {
  return (
    a.length === b.length &&
    a.every((source, index) => source.status === b[index]?.status && source.id === b[index]?.id)
  )
}
