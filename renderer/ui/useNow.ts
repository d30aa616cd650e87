import { useEffect, useState } from 'react'

/**
 * The current time, refreshed every `intervalMs`: ages and staleness must keep counting when no
 * data arrives (that is exactly when they matter).
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
