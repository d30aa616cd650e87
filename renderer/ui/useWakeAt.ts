import { useEffect, useState } from 'react'

/**
 * Re-renders the component once the clock passes `at` (epoch ms), and not before: for a state
 * that changes at a known time with no data arriving (a feed turning STALE), instead of
 * re-evaluating it every second. `null`: nothing is due.
 */
export function useWakeAt(at: number | null, now: () => number = Date.now): number {
  const [woken, setWoken] = useState(0)
  useEffect(() => {
    if (at === null) return
    // The state changes strictly after `at` (`age > threshold`). A render already past it shows
    // the new state; a timer that fired early (clock jitter) arms again.
    const delay = at - now() + 1
    if (delay <= 0) return
    const timer = setTimeout(() => setWoken((n) => n + 1), delay)
    return () => clearTimeout(timer)
  }, [at, now, woken])
  // How many times it woke: a dependency for a memo that must re-run at `at`.
  return woken
}
