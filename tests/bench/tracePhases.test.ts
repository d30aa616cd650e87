import { describe, expect, it } from 'vitest'
import { mainThreadPhases } from './tracePhases.ts'

const MAIN = { pid: 7, tid: 1 }
const OTHER = { pid: 7, tid: 2 }
const meta = [
  { ph: 'M', name: 'thread_name', ...MAIN, args: { name: 'CrRendererMain' } },
  { ph: 'M', name: 'thread_name', ...OTHER, args: { name: 'Compositor' } },
]
const x = (name: string, ts: number, dur: number, thread = MAIN) => ({ ph: 'X', name, ts, dur, ...thread })

describe('mainThreadPhases (bench:idle --trace)', () => {
  it('reports the main thread’s phases in ms per second and runs per second of the trace', () => {
    const trace = {
      traceEvents: [
        ...meta,
        x('RunTask', 0, 4_000),
        x('Paint', 1_000, 3_000),
        x('RunTask', 1_000_000, 2_000),
        x('Paint', 1_000_500, 1_000),
        x('Paint', 0, 500_000, OTHER), // another thread's paint is not the main thread's
        x('RunTask', 1_998_000, 2_000),
      ],
    }
    const phases = new Map(mainThreadPhases(trace).map((p) => [p.name, p]))
    // 2 s of trace: 8 ms of tasks, 4 ms of paint.
    expect(phases.get('RunTask')).toEqual({ name: 'RunTask', msPerS: 4, perS: 1.5 })
    expect(phases.get('Paint')).toEqual({ name: 'Paint', msPerS: 2, perS: 1 })
    expect(phases.get('Commit')).toEqual({ name: 'Commit', msPerS: 0, perS: 0 })
  })

  it('refuses a trace without a renderer main thread rather than report zeros', () => {
    expect(() => mainThreadPhases([x('RunTask', 0, 10)])).toThrow(/CrRendererMain/)
  })
})
