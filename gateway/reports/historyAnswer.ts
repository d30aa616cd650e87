/** What every history route answers, and how it reads a time (gateway/server/createHistoryRoutes.ts). */
export type HistoryAnswer = { readonly status: number; readonly body: unknown }

/** Epoch ms from "1733220000000" or an ISO 8601 string; null when it is neither. */
export function parseInstant(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null
  if (/^\d{1,15}$/.test(raw.trim())) return Number(raw)
  // Only full ISO dates: Date.parse accepts too much ("1", "March 3") for an audit question.
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw.trim())) return null
  const parsed = Date.parse(raw)
  return Number.isFinite(parsed) ? parsed : null
}
