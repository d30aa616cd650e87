/**
 * The fuzz loop: every seed as it is, then mutants of the seeds and of earlier mutants, for a
 * number of inputs or a time budget per target. Deterministic for a seed (inputs, chunking), so a
 * finding can be replayed with `--seed`. Timing is measured only when `slowMs` is set (the CLI);
 * the bounded pass inside the unit tests counts inputs and asserts on findings, never on time.
 */
import { FuzzInvariantError, FuzzLeakError, runRandom, type FuzzTarget } from './fuzzTargets.ts'
import { createRandom, mutate } from './mutate.ts'

export type FuzzFindingKind = 'crash' | 'invariant' | 'leak' | 'slow'

export type FuzzFinding = {
  readonly target: string
  readonly kind: FuzzFindingKind
  readonly message: string
  readonly input: Buffer
  /** For `slow`: the fastest of three runs, in ms. */
  readonly ms?: number
}

export type FuzzTargetReport = {
  readonly target: string
  readonly inputs: number
  readonly counts: Readonly<Record<FuzzFindingKind, number>>
  /** The slowest input's time (ms), when timed. */
  readonly maxMs: number | null
  /** The first findings of each kind (at most 5 each), to save and replay. */
  readonly findings: readonly FuzzFinding[]
}

export type FuzzOptions = {
  readonly seed: number
  /** Stop a target after this many inputs (seeds included)… */
  readonly inputsPerTarget?: number
  /** …or after this long (ms); whichever comes first. */
  readonly millisPerTarget?: number
  /** Report inputs whose fastest of three runs is slower than this (ms); null = do not time. */
  readonly slowMs?: number | null
  readonly clock?: () => number
}

/** Mutants kept to mutate further (deeper inputs than seed + 4 mutations), a bounded pool. */
const POOL_SIZE = 256
const KEEP_PER_KIND = 5

export function fuzzTarget(target: FuzzTarget, options: FuzzOptions): FuzzTargetReport {
  const clock = options.clock ?? (() => performance.now())
  const timed = options.slowMs !== undefined && options.slowMs !== null
  const started = clock()
  const random = createRandom(options.seed ^ hash(target.name))
  const counts: Record<FuzzFindingKind, number> = { crash: 0, invariant: 0, leak: 0, slow: 0 }
  const findings: FuzzFinding[] = []
  const pool: Buffer[] = [...target.seeds]
  let inputs = 0
  let maxMs: number | null = null

  const record = (kind: FuzzFindingKind, message: string, input: Buffer, ms?: number): void => {
    counts[kind]++
    if (findings.filter((f) => f.kind === kind).length < KEEP_PER_KIND) {
      findings.push({ target: target.name, kind, message, input, ...(ms === undefined ? {} : { ms }) })
    }
  }

  const runOne = (input: Buffer): void => {
    const index = inputs++
    let output: unknown
    const attempt = (): number => {
      const t0 = timed ? clock() : 0
      output = target.run(input, runRandom(options.seed, index))
      return timed ? clock() - t0 : 0
    }
    let ms: number
    try {
      ms = attempt()
      target.check?.(input, output)
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      const kind =
        error instanceof FuzzLeakError ? 'leak' : error instanceof FuzzInvariantError ? 'invariant' : 'crash'
      record(kind, message.slice(0, 500), input)
      return
    }
    if (!timed) return
    maxMs = Math.max(maxMs ?? 0, ms)
    if (ms > (options.slowMs ?? Infinity)) {
      // A GC pause or a busy machine is not a finding: only the fastest of three runs counts.
      const best = Math.min(ms, attempt(), attempt())
      if (best > (options.slowMs ?? Infinity))
        record('slow', `${best.toFixed(1)} ms for ${input.length} bytes`, input, best)
    }
  }

  const budgetLeft = (): boolean =>
    (options.inputsPerTarget === undefined || inputs < options.inputsPerTarget) &&
    (options.millisPerTarget === undefined || clock() - started < options.millisPerTarget)

  for (const seed of target.seeds) {
    if (!budgetLeft()) break
    runOne(seed)
  }
  while (budgetLeft()) {
    const base = pool[Math.floor(random() * pool.length)] ?? Buffer.alloc(0)
    const input = mutate(base, random, { maxBytes: target.maxBytes, dictionary: target.dictionary, pool })
    runOne(input)
    // Keep some mutants to build on, replacing at random once the pool is full.
    if (input.length <= 16 * 1024) {
      if (pool.length < POOL_SIZE) pool.push(input)
      else if (random() < 0.1)
        pool[target.seeds.length + Math.floor(random() * (POOL_SIZE - target.seeds.length))] = input
    }
  }
  return { target: target.name, inputs, counts, maxMs, findings }
}

function hash(text: string): number {
  let h = 2_166_136_261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619)
  return h >>> 0
}
