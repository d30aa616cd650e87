/**
 * Hosts the alarm engine in a hub: the Electron main hub or the page's hub in the browser host —
 * once per app instance either way. It feeds the engine the replica's changes at every hub flush
 * (through the hub's `onReplicaChange` hook, so alarms travel to windows in the same message as the
 * data that raised them), applies the gateway-relayed alarm actions, and ticks the engine on the
 * hub's clock.
 */
import type { ActiveAlarm, AlarmTransition } from '../contracts/alarms.ts'
import { TOPICS } from '../contracts/entities.ts'
import type { ReplicaChanges, ReplicaSnapshot } from '../contracts/hub.ts'
import type { HubClock } from './FeedSocketPort.ts'
import type { ReplicaChangeListener } from './FeedHub.ts'
import { ALARM_TICK_MS, AlarmEngine } from '../domain/alarms/AlarmEngine.ts'
import type { RulePack } from '../domain/alarms/alarmRuleSchema.ts'

/** What the engine needs from a hub (FeedHub provides it). */
export type AlarmHubPort = {
  onReplicaChange(listener: ReplicaChangeListener): () => void
  setAlarms(alarms: readonly ActiveAlarm[]): void
  snapshot(): ReplicaSnapshot
}

export type HostedAlarmEngine = {
  readonly engine: AlarmEngine
  stop(): void
}

export type HostAlarmEngineOptions = {
  readonly pack: RulePack
  readonly clock: HubClock
  /** Every transition, for the journal (Electron) — the engine also keeps a bounded history. */
  readonly onTransition?: (transition: AlarmTransition) => void
  readonly tickMs?: number
}

/** Starts the engine on `hub`; returns it and a stop function. */
export function hostAlarmEngine(hub: AlarmHubPort, options: HostAlarmEngineOptions): HostedAlarmEngine {
  const { clock } = options
  const engine = new AlarmEngine({
    pack: options.pack,
    now: () => clock.now(),
    ...(options.onTransition === undefined ? {} : { onTransition: options.onTransition }),
  })
  seed(engine, hub.snapshot())
  const detach = hub.onReplicaChange((changes) => {
    apply(engine, changes)
    hub.setAlarms(engine.alarms())
  })
  hub.setAlarms(engine.alarms())

  let stopped = false
  let cancelTick: () => void = () => undefined
  const tick = (): void => {
    if (stopped) return
    engine.tick()
    hub.setAlarms(engine.alarms())
    cancelTick = clock.after(options.tickMs ?? ALARM_TICK_MS, tick)
  }
  cancelTick = clock.after(options.tickMs ?? ALARM_TICK_MS, tick)

  return {
    engine,
    stop: () => {
      stopped = true
      cancelTick()
      detach()
    },
  }
}

/** The replica as it is when the engine starts (the hub may already hold data). */
function seed(engine: AlarmEngine, replica: ReplicaSnapshot): void {
  // Before any entity: a condition seen for the first time starts where the gateway says it began.
  if (replica.alarmConditions !== undefined) engine.setConditionOrigins(replica.alarmConditions)
  if (replica.siteModel !== null) engine.setSiteModel(replica.siteModel)
  for (const topic of TOPICS) {
    // A topic without a first snapshot is not "empty", it is unknown: aggregates wait for it.
    if (replica.topics[topic].confirmedAt === null) continue
    engine.applyEntities(topic, { reset: true, upserts: Object.values(replica.entities[topic]), removes: [] })
    engine.setConfirmedAt(topic, replica.topics[topic].confirmedAt)
  }
  engine.setConnection(replica.connection.status, replica.connection.since)
  engine.applyActions(replica.alarmActions)
}

function apply(engine: AlarmEngine, changes: ReplicaChanges): void {
  if (changes.alarmConditions !== undefined) engine.setConditionOrigins(changes.alarmConditions)
  if (changes.siteModel !== undefined) engine.setSiteModel(changes.siteModel)
  const entities = changes.entities
  if (entities !== undefined) {
    if (entities.beds) engine.applyEntities('beds', entities.beds)
    if (entities.assets) engine.applyEntities('assets', entities.assets)
    if (entities.network) engine.applyEntities('network', entities.network)
    if (entities.cyber) engine.applyEntities('cyber', entities.cyber)
  }
  if (changes.connection !== undefined)
    engine.setConnection(changes.connection.status, changes.connection.since)
  if (changes.topics !== undefined) {
    for (const topic of TOPICS) {
      const state = changes.topics[topic]
      if (state !== undefined) engine.setConfirmedAt(topic, state.confirmedAt)
    }
  }
  if (changes.alarmActions !== undefined) engine.applyActions(changes.alarmActions)
}
