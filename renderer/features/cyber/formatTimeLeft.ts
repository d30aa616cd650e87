/**
 * Time to a deadline in words a wall can be read by: "31 h 20 min left", "45 min left",
 * "overdue by 2 h 05 min". Whole minutes, rounded towards the deadline, so "0 min left" never
 * shows while time remains and a passed deadline is never shown as time left.
 */
export function formatTimeLeft(msLeft: number): string {
  const overdue = msLeft <= 0
  const minutes = overdue ? Math.floor(-msLeft / 60_000) : Math.ceil(msLeft / 60_000)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  const text = h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`
  return overdue ? `overdue by ${text}` : `${text} left`
}
