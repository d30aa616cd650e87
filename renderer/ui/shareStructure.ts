/**
 * Structural sharing for plain data (objects, arrays, primitives): `next`, with every part that
 * equals the same part of `previous` replaced by `previous`'s object. A view derived afresh from
 * the store on every change then hands React the same objects for what did not change, so `memo`
 * children (a floor of the trust overview, a tile) skip their render: one ward's free beds moving
 * re-renders that ward's row, not the trust.
 */
export function shareStructure<T>(previous: T, next: T): T {
  if (Object.is(previous, next)) return previous
  if (typeof previous !== 'object' || typeof next !== 'object' || previous === null || next === null)
    return next
  if (Array.isArray(previous) !== Array.isArray(next)) return next
  if (Array.isArray(next)) {
    const before = previous as unknown as readonly unknown[]
    let same = before.length === next.length
    const out = next.map((item: unknown, i) => {
      const shared = i < before.length ? shareStructure(before[i], item) : item
      if (shared !== before[i]) same = false
      return shared
    })
    return (same ? previous : out) as T
  }
  if (
    Object.getPrototypeOf(next) !== Object.prototype ||
    Object.getPrototypeOf(previous) !== Object.prototype
  )
    return next
  const before = previous as Record<string, unknown>
  const after = next as Record<string, unknown>
  const keys = Object.keys(after)
  let same = keys.length === Object.keys(before).length
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    const shared = Object.hasOwn(before, key) ? shareStructure(before[key], after[key]) : after[key]
    if (shared !== before[key] || !Object.hasOwn(before, key)) same = false
    out[key] = shared
  }
  return (same ? previous : out) as T
}
