/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so the demo trust is reproducible: the
 * same seed gives the same site model, floor plans and event stream on every machine. The demo
 * never uses the platform's unseeded random sources (a test greps for them).
 *
 * `fork(label)` derives an independent stream, so adding a draw in one generator (say the asset
 * register) does not shift every later id in another (say the floor-plan UUIDs).
 */

export type Prng = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** A float in [min, max). */
  range(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** One key of a weight table, in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K
  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number
  /** A normally distributed value (Box–Muller). */
  normal(mean: number, sd: number): number
  /** A random (version 4, RFC 9562) UUID drawn from this stream. */
  uuid(): string
  /** An independent stream derived from this one's seed and a label; does not advance this one. */
  fork(label: string): Prng
}

/** FNV-1a over a string, for deriving fork seeds from labels. */
function hashLabel(label: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) | 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Creates a seeded stream. Any 32-bit integer is a valid seed. */
export function createPrng(seed: number): Prng {
  const root = seed >>> 0
  const init = splitmix32(root)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const nextU32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Discard the first outputs: sfc32 mixes poorly for a few rounds after seeding.
  for (let i = 0; i < 12; i++) nextU32()

  const next = (): number => nextU32() / 4294967296
  const prng: Prng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
    weighted: <K extends string>(weights: Readonly<Partial<Record<K, number>>>): K => {
      const keys = Object.keys(weights) as K[]
      let total = 0
      for (const k of keys) total += weights[k] ?? 0
      let r = next() * total
      for (const k of keys) {
        r -= weights[k] ?? 0
        if (r < 0) return k
      }
      return keys[keys.length - 1] as K
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    normal: (mean, sd) => {
      const u = 1 - next()
      const v = next()
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    uuid: () => {
      const bytes: number[] = []
      for (let i = 0; i < 4; i++) {
        const w = nextU32()
        bytes.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24)
      }
      bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40
      bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
      const h = bytes.map((x) => HEX[x] as string)
      return (
        h.slice(0, 4).join('') +
        '-' +
        h.slice(4, 6).join('') +
        '-' +
        h.slice(6, 8).join('') +
        '-' +
        h.slice(8, 10).join('') +
        '-' +
        h.slice(10, 16).join('')
      )
    },
    fork: (label) => createPrng(hashLabel(label, root)),
  }
  return prng
}
