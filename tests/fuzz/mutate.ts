/**
 * A seeded mutator for the fuzzer: byte flips, inserts, deletes, duplicated and spliced slices,
 * format tokens from a dictionary, and long runs (up to 64 KB of one character — the inputs that
 * found the quadratic regexes). Deterministic for a seed, so any finding can be replayed.
 */

/** mulberry32: small, fast, good enough to drive mutations; never Math.random (replayable). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export type Random = () => number

const int = (random: Random, n: number): number => Math.floor(random() * n)
const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[int(random, items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/** Characters whose long runs have broken parsers: whitespace, line ends, separators, escapes. */
const RUN_CHARS = [
  ' ',
  '\t',
  '\r',
  '\n',
  '\0',
  '|',
  '=',
  '\\',
  '^',
  '~',
  '&',
  '0',
  '9',
  'a',
  '\u00a0',
  '<',
  '[',
  '"',
  ']',
]
const RUN_LENGTHS = [16, 255, 256, 1_023, 1_025, 4_096, 16_384, 60 * 1024]

export type MutateOptions = {
  /** Inputs never grow past this. */
  readonly maxBytes: number
  /** Format tokens to insert (separators, escapes, keywords). */
  readonly dictionary: readonly string[]
  /** Other inputs to splice from (the corpus). */
  readonly pool: readonly Buffer[]
}

/** One to four mutations of `input`, never longer than `maxBytes`. */
export function mutate(input: Buffer, random: Random, options: MutateOptions): Buffer {
  let out: Buffer = Buffer.from(input)
  const rounds = 1 + int(random, 4)
  for (let r = 0; r < rounds; r++) out = mutateOnce(out, random, options)
  return out.length > options.maxBytes ? out.subarray(0, options.maxBytes) : out
}

function mutateOnce(input: Buffer, random: Random, options: MutateOptions): Buffer {
  const at = input.length === 0 ? 0 : int(random, input.length + 1)
  switch (int(random, 10)) {
    case 0: {
      // Flip a bit.
      if (input.length === 0) return input
      const out = Buffer.from(input)
      const i = int(random, out.length)
      out[i] = (out[i] ?? 0) ^ (1 << int(random, 8))
      return out
    }
    case 1: {
      // A random byte, including control bytes and the MLLP block characters.
      const byte = pick(random, [0x00, 0x0b, 0x1c, 0x0d, 0x0a, 0x7f, 0xff, 0xc3, int(random, 256)])
      return Buffer.concat([input.subarray(0, at), Buffer.from([byte]), input.subarray(at)])
    }
    case 2: {
      // Delete a slice.
      const length = 1 + int(random, Math.max(1, Math.min(64, input.length)))
      return Buffer.concat([input.subarray(0, at), input.subarray(at + length)])
    }
    case 3: {
      // Duplicate a slice in place.
      const length = 1 + int(random, Math.max(1, Math.min(256, input.length - at)))
      const slice = input.subarray(at, at + length)
      return Buffer.concat([input.subarray(0, at + length), slice, input.subarray(at + length)])
    }
    case 4:
    case 5: {
      // A format token.
      const token = Buffer.from(pick(random, options.dictionary), 'utf8')
      return Buffer.concat([input.subarray(0, at), token, input.subarray(at)])
    }
    case 6: {
      // A long run of one character, in the middle or at the end.
      const run = Buffer.from(pick(random, RUN_CHARS).repeat(pick(random, RUN_LENGTHS)), 'utf8')
      const where = random() < 0.5 ? input.length : at
      return Buffer.concat([input.subarray(0, where), run, input.subarray(where)])
    }
    case 7: {
      // Splice: our head, another input's tail.
      if (options.pool.length === 0) return input
      const other = pick(random, options.pool)
      return Buffer.concat([input.subarray(0, at), other.subarray(int(random, other.length + 1))])
    }
    case 8: {
      // Truncate.
      return input.subarray(0, at)
    }
    default: {
      // Overwrite a byte with a dictionary token's first byte (keeps the length).
      if (input.length === 0) return input
      const out = Buffer.from(input)
      out[int(random, out.length)] = Buffer.from(pick(random, options.dictionary), 'utf8')[0] ?? 0x20
      return out
    }
  }
}
