import { describe, expect, it } from 'vitest'
import { benchUsage, parseBenchArgs } from './benchCli.ts'

const spec = {
  name: 'bench:demo',
  usage: 'npm run bench:demo -- [flags]',
  summary: 'A demo bench.',
  flags: {
    seconds: { type: 'string', arg: 'N', default: '15', help: 'seconds measured' },
    jitless: { type: 'boolean', help: 'zod without its JIT' },
    role: { type: 'string', arg: 'ROLE', default: 'driver', help: 'internal', internal: true },
  },
  env: [{ name: 'BENCH_DEMO_RATE', default: '5000', help: 'events per second' }],
} as const

describe('bench command line', () => {
  it('prints its flags and environment variables for --help, not the internal ones', () => {
    const result = parseBenchArgs(spec, ['--help'])
    expect(result.kind).toBe('help')
    const text = result.kind === 'help' ? result.text : ''
    expect(text).toContain('usage: npm run bench:demo -- [flags]')
    expect(text).toMatch(/--seconds N\s+seconds measured \(default 15\)/)
    expect(text).toMatch(/--jitless\s+zod without its JIT/)
    expect(text).toMatch(/BENCH_DEMO_RATE\s+events per second \(default 5000\)/)
    expect(text).not.toContain('--role')
    expect(text).toBe(benchUsage(spec))
  })

  it('refuses an unknown flag and a stray argument in one line', () => {
    expect(parseBenchArgs(spec, ['--second', '5'])).toEqual({
      kind: 'error',
      line: "Unknown option '--second' (--help lists the flags)",
    })
    const stray = parseBenchArgs(spec, ['5'])
    expect(stray.kind).toBe('error')
  })

  it('gives defaults, flags in both forms, and booleans', () => {
    expect(parseBenchArgs(spec, [])).toEqual({
      kind: 'run',
      values: { seconds: '15', jitless: false, role: 'driver' },
    })
    expect(parseBenchArgs(spec, ['--seconds', '3', '--jitless', '--role=server'])).toEqual({
      kind: 'run',
      values: { seconds: '3', jitless: true, role: 'server' },
    })
  })
})
