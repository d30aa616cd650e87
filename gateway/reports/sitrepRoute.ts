/** `GET /v1/history/sitrep?day=YYYY-MM-DD` (default: today, trust-local): the day's 08:00 snapshot. */
import { localDayOf } from '../../shared/domain/kpis/sitrepTime.ts'
import type { HistoryAnswer } from './historyAnswer.ts'
import type { SitrepRecorder } from './createSitrepRecorder.ts'

export function sitrepRoute(deps: {
  readonly recorder: Pick<SitrepRecorder, 'forDay'>
  readonly timeZone: string
  readonly now: () => number
}): (query: URLSearchParams) => Promise<HistoryAnswer> {
  return async (query) => {
    const day = query.get('day') ?? localDayOf(deps.now(), deps.timeZone)
    const answer = await deps.recorder.forDay(day)
    if ('error' in answer) return { status: answer.status, body: { error: answer.error } }
    // Counts by site only: nothing in it varies by role.
    return { status: 200, body: answer }
  }
}
