/**
 * Natural order for names people read: "Ward 2" before "Ward 10", "B3" before "B12". Runs of
 * digits compare as numbers, letters compare without case (ASCII; other characters by code
 * point), and ties fall back to plain code-point order so the sort is total and stable.
 *
 * Written out rather than `Intl.Collator({ numeric: true })` because tables re-sort tens of
 * thousands of rows on a live feed, and a collator comparison costs several times this loop.
 */

const ZERO = 48
const NINE = 57

const isDigit = (c: number): boolean => c >= ZERO && c <= NINE
/** ASCII upper case folded to lower; everything else as is. */
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)

/** Negative when `a` sorts before `b`, positive after, 0 only when the strings are equal. */
export function naturalCompare(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(j)
    if (isDigit(ca) && isDigit(cb)) {
      // Skip leading zeros, then the longer run of digits is the larger number.
      let si = i
      let sj = j
      while (si < a.length && a.charCodeAt(si) === ZERO) si += 1
      while (sj < b.length && b.charCodeAt(sj) === ZERO) sj += 1
      let ei = si
      let ej = sj
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei += 1
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej += 1
      const lengthA = ei - si
      const lengthB = ej - sj
      if (lengthA !== lengthB) return lengthA - lengthB
      for (let k = 0; k < lengthA; k += 1) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k)
        if (d !== 0) return d
      }
      i = ei
      j = ej
      continue
    }
    const d = fold(ca) - fold(cb)
    if (d !== 0) return d
    i += 1
    j += 1
  }
  const rest = a.length - i - (b.length - j)
  if (rest !== 0) return rest
  // Equal but for case or leading zeros: still a total order.
  return a < b ? -1 : a > b ? 1 : 0
}
