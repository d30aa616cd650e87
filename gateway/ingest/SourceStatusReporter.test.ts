import { describe, expect, it } from 'vitest'
import type { SourceStatus } from '../../shared/contracts/entities.ts'
import type { AdapterSink } from './sourceAdapter.ts'
import type { Logger } from '../log/Logger.ts'
import { SourceStatusReporter } from './SourceStatusReporter.ts'

describe('SourceStatusReporter', () => {
  it('passes changes to the sink once, logs status changes only, and remembers the last', () => {
    const sent: [SourceStatus, string | null][] = []
    const logged: unknown[] = []
    const sink = {
      status: (s: SourceStatus, d: string | null) => sent.push([s, d]),
    } as unknown as AdapterSink
    const log = { info: (_m: string, f: unknown) => logged.push(f) } as unknown as Logger
    const reporter = new SourceStatusReporter()
    expect(reporter.status).toBeNull()
    reporter.report(sink, log, 'degraded', 'connecting')
    reporter.report(sink, log, 'degraded', 'connecting')
    reporter.report(sink, log, 'degraded', 'retrying')
    reporter.report(sink, log, 'up', null)
    expect(sent).toEqual([
      ['degraded', 'connecting'],
      ['degraded', 'retrying'],
      ['up', null],
    ])
    expect(logged).toHaveLength(2)
    expect([reporter.status, reporter.detail]).toEqual(['up', null])
  })
})
