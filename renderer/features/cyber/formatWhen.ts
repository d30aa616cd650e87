/** "14:05" today, "2 Dec 14:05" otherwise: times the on-call engineer reads at a glance. */
export function formatWhen(at: number, now: number): string {
  const d = new Date(at)
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
  return new Date(now).toDateString() === d.toDateString()
    ? time
    : `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`
}
