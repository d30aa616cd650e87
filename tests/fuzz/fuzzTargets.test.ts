/**
 * The bounded fuzz pass of the unit suite: a fixed number of inputs per target from a fixed seed,
 * so it is the same run every time. Asserts no crash, no broken oracle and no leaked canary — and
 * nothing about time (`npm run fuzz` times inputs and reports slow ones).
 */
import { describe, expect, it } from 'vitest'
import type { CyberAlert } from '../../shared/contracts/entities.ts'
import { FUZZ_TARGETS, FuzzLeakError, checkViewerLeaks } from './fuzzTargets.ts'
import { fuzzTarget } from './runFuzz.ts'

const SEED = 20_261_121
const INPUTS = 400

describe('bounded fuzz pass', () => {
  it.each(FUZZ_TARGETS.map((target) => [target.name, target] as const))(
    `%s: ${INPUTS} inputs from the seed corpus and its mutants, no crash, oracle or leak`,
    (_, target) => {
      const report = fuzzTarget(target, { seed: SEED, inputsPerTarget: INPUTS })
      expect(report.inputs).toBe(INPUTS)
      expect({ counts: report.counts, first: report.findings[0]?.message }).toEqual({
        counts: { crash: 0, invariant: 0, leak: 0, slow: 0 },
        first: undefined,
      })
    },
  )

  it('runs the same inputs for the same seed', () => {
    const target = FUZZ_TARGETS.find((t) => t.name === 'cef')
    if (target === undefined) throw new Error('no cef target')
    const seen: string[][] = [[], []]
    for (const run of [0, 1]) {
      fuzzTarget(
        { ...target, run: (input) => void seen[run]?.push(input.toString('base64')) },
        { seed: 7, inputsPerTarget: 50 },
      )
    }
    expect(seen[0]).toEqual(seen[1])
    expect(new Set(seen[0]).size).toBeGreaterThan(40)
  })

  it('catches a canary that reaches a viewer (the check can fail)', () => {
    const leaky = { title: 'Record of NHS 943-476-5919 opened' } as unknown as CyberAlert
    expect(() => checkViewerLeaks('test', leaky)).toThrow(FuzzLeakError)
    const scrubbed = {
      title: 'Record of NHS [NHS number] opened, 19434765919 is not one',
    } as unknown as CyberAlert
    expect(() => checkViewerLeaks('test', scrubbed)).not.toThrow()
  })
})
