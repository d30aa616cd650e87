/**
 * A token bucket per key (a socket): `burst` at once, then `perMinute` sustained. Pure apart from
 * the clock it is handed, so a test drives it with a fake one.
 */
export type RateLimiter = {
  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string, now: number): boolean
  /** Forgets a key (its socket disconnected). */
  forget(key: string): void
}

export function createRateLimiter(limits: {
  readonly burst: number
  readonly perMinute: number
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const refillPerMs = limits.perMinute / 60_000
  return {
    take: (key, now) => {
      const bucket = buckets.get(key) ?? { tokens: limits.burst, at: now }
      bucket.tokens = Math.min(limits.burst, bucket.tokens + Math.max(0, now - bucket.at) * refillPerMs)
      bucket.at = now
      buckets.set(key, bucket)
      if (bucket.tokens < 1) return false
      bucket.tokens -= 1
      return true
    },
    forget: (key) => {
      buckets.delete(key)
    },
  }
}
