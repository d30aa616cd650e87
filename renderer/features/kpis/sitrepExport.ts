/**
 * The SitRep export's two files: "now" from this window's KPI pass, and a day's 08:00 snapshot
 * from the gateway (which takes it whether or not a window was open at 08:00), asked through the
 * host so the browser and the Electron window reach it the same way.
 */
import { sitrepAnswerSchema, type SitrepAnswer } from '../../../shared/contracts/sitrep.ts'
import { bedSitrepCsv } from '../../../shared/domain/kpis/bedSitrep.ts'
import type { Host } from '../../host/Host.ts'

/** `YYYY-MM-DD-hhmm` in this machine's local time, for file names. */
export function fileStamp(at: number): string {
  const d = new Date(at)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`
}

/** Today as `YYYY-MM-DD` on this machine's calendar (the day picker's default and maximum). */
export function todayOf(now: number): string {
  const d = new Date(now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export type SitrepFile =
  | { readonly ok: true; readonly fileName: string; readonly csv: string; readonly note: string }
  | { readonly ok: false; readonly message: string }

/** What the status line says about where the day's figures came from. */
function noteOf(answer: SitrepAnswer): string {
  return answer.source === 'recorded'
    ? `${answer.day}: recorded by the gateway at 08:00`
    : `${answer.day}: computed from the gateway's log as it stood at 08:00`
}

/** Asks the gateway for the day's 08:00 snapshot and makes its CSV; failures are values. */
export async function fetchSitrepFile(host: Pick<Host, 'fetchSitrep'>, day: string): Promise<SitrepFile> {
  let raw: unknown
  try {
    raw = await host.fetchSitrep(day)
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  const parsed = sitrepAnswerSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, message: 'the gateway’s snapshot was not readable' }
  const answer = parsed.data
  return {
    ok: true,
    fileName: `bed-snapshot-${fileStamp(answer.sitrep.snapshotAt)}.csv`,
    csv: bedSitrepCsv(answer.sitrep),
    note: noteOf(answer),
  }
}
