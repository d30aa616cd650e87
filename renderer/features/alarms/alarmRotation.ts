/**
 * Alarm-aware rotation: a display that rotates boards jumps to the board that shows an
 * unacknowledged high alarm and holds there until it is acknowledged, then rotates on
 * (domain.md: Grafana users have asked for this since 2019). Pure, for the frame's rotation timer.
 */
import type { ActiveAlarm, AlarmSubject } from '../../../shared/contracts/alarms.ts'
import type { Topic } from '../../../shared/contracts/entities.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'

/** A board as rotation sees it: its id and the feeds its panels draw. */
export type RotationBoard = { readonly id: string; readonly topics: readonly Topic[] }

/** The feed an alarm's subject belongs to; null for the gateway (every board shows it). */
export function topicOfSubject(subject: AlarmSubject): Topic | null {
  switch (subject.kind) {
    case 'bed':
    case 'kpi':
      return subject.id.startsWith('par:') ? 'assets' : 'beds'
    case 'asset':
      return 'assets'
    case 'device':
      return 'network'
    case 'cyber-alert':
      return 'cyber'
    case 'feed':
      return subject.id === 'beds' ||
        subject.id === 'assets' ||
        subject.id === 'network' ||
        subject.id === 'cyber'
        ? subject.id
        : null
    case 'gateway':
      return null
    default:
      return assertNever(subject.kind, 'alarm subject kind')
  }
}

/** The unacknowledged high alarm a rotating display holds on: the oldest. */
export function holdingAlarm(alarms: readonly ActiveAlarm[]): ActiveAlarm | null {
  let oldest: ActiveAlarm | null = null
  for (const a of alarms) {
    if (a.state !== 'unacknowledged' || a.priority !== 'high') continue
    if (oldest === null || a.raisedAt < oldest.raisedAt) oldest = a
  }
  return oldest
}

/**
 * The board a rotating display shows next. With an unacknowledged high alarm: the first board of
 * the rotation whose panels show the alarm's feed (the current board if it already does, or if
 * none does) — and it stays there. Without: the next board in the rotation.
 */
export function nextRotationBoard(
  rotation: readonly string[],
  boards: readonly RotationBoard[],
  current: string,
  alarms: readonly ActiveAlarm[],
): string {
  const hold = holdingAlarm(alarms)
  if (hold !== null) {
    const topic = topicOfSubject(hold.subject)
    if (topic === null) return current
    const shows = (id: string): boolean => boards.find((b) => b.id === id)?.topics.includes(topic) ?? false
    if (shows(current)) return current
    return rotation.find(shows) ?? current
  }
  const index = rotation.indexOf(current)
  return rotation[(index + 1) % rotation.length] ?? current
}

/** A board as the frame defines it (only what rotation needs). */
export type BoardLike = {
  readonly id: string
  readonly panels: ReadonlyArray<{
    readonly kind: string
    readonly settings?: Readonly<Record<string, unknown>>
  }>
}

/**
 * The feeds a board shows, from its panels' kinds. Feed-health and alarm panels are on many boards
 * and say nothing about which board is *about* an alarm, so they do not count.
 */
export function boardTopics(board: BoardLike): readonly Topic[] {
  const topics = new Set<Topic>()
  for (const panel of board.panels) {
    switch (panel.kind) {
      case 'topic-counts': {
        const topic = panel.settings?.['topic']
        if (topic === 'beds' || topic === 'assets' || topic === 'network' || topic === 'cyber')
          topics.add(topic)
        break
      }
      case 'device-issues':
        topics.add('network')
        break
      case 'cyber-open':
        topics.add('cyber')
        break
      case 'floor-map':
        topics.add('beds').add('assets').add('network')
        break
      case 'kpi':
      case 'kpis':
        topics.add('beds')
        break
      default:
        break
    }
  }
  return [...topics]
}

/** `nextRotationBoard` over the frame's boards: what the rotation timer calls. */
export function alarmAwareNext(
  rotation: { readonly boardIds: readonly string[] },
  boards: readonly BoardLike[],
  current: string,
  alarms: readonly ActiveAlarm[],
): string {
  return nextRotationBoard(
    rotation.boardIds,
    boards.map((b) => ({ id: b.id, topics: boardTopics(b) })),
    current,
    alarms,
  )
}
