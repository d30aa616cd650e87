import { describe, expect, it } from 'vitest'
import type { SourceHealth } from '../../shared/contracts/entities.ts'
import { createMetrics } from './createMetrics.ts'
import { GATEWAY_VERSION } from '../core/gatewayVersion.ts'

const health = (overrides: Partial<SourceHealth> & Pick<SourceHealth, 'id'>): SourceHealth => ({
  kind: 'hl7-mllp',
  topics: ['beds'],
  status: 'up',
  detail: null,
  lastMessageAt: null,
  ratePerSec: 0,
  rejectedCount: 0,
  errorCount: 0,
  ...overrides,
})

describe('createMetrics', () => {
  it('gives a known source its counter series at 0 before the first increment', async () => {
    const metrics = createMetrics(() => 0, ['beds', 'assets'])
    metrics.trackSource('pas-adt', ['beds'])
    const page = await metrics.registry.metrics()
    expect(page).toContain('watchfloor_source_rejected_total{source="pas-adt"} 0')
    expect(page).toContain('watchfloor_source_errors_total{source="pas-adt"} 0')
    expect(page).toContain('watchfloor_ingest_ops_total{source="pas-adt",topic="beds",result="accepted"} 0')
    expect(page).toContain('watchfloor_ingest_ops_total{source="pas-adt",topic="beds",result="rejected"} 0')
    expect(page).toContain('watchfloor_batch_entities_count{topic="assets"} 0')
    expect(page).toContain('watchfloor_slow_consumer_resyncs_total 0')
    // The first increment adds to the series that was there.
    metrics.sourceRejects.inc({ source: 'pas-adt' })
    expect(await metrics.registry.metrics()).toContain('watchfloor_source_rejected_total{source="pas-adt"} 1')
  })

  it('reads each source status as a state set and its last message as a Unix time, at each scrape', async () => {
    const metrics = createMetrics(() => 0, ['beds'])
    let sources: SourceHealth[] = [
      health({ id: 'pas-adt', status: 'degraded', lastMessageAt: 1_800_000_000_500 }),
      health({ id: 'rtls', kind: 'mqtt', topics: ['assets'], status: 'down' }),
    ]
    metrics.readSourceHealth(() => sources)
    let page = await metrics.registry.metrics()
    expect(page).toContain('watchfloor_source_status{source="pas-adt",kind="hl7-mllp",status="up"} 0')
    expect(page).toContain('watchfloor_source_status{source="pas-adt",kind="hl7-mllp",status="degraded"} 1')
    expect(page).toContain('watchfloor_source_status{source="pas-adt",kind="hl7-mllp",status="down"} 0')
    expect(page).toContain('watchfloor_source_status{source="rtls",kind="mqtt",status="down"} 1')
    expect(page).toContain(
      'watchfloor_source_last_message_timestamp_seconds{source="pas-adt",kind="hl7-mllp"} 1800000000.5',
    )
    // Never delivered since the gateway started: 0, so `time() - …` is huge and a dead-feed alert fires.
    expect(page).toContain('watchfloor_source_last_message_timestamp_seconds{source="rtls",kind="mqtt"} 0')
    sources = [health({ id: 'pas-adt', status: 'up' }), health({ id: 'rtls', kind: 'mqtt', status: 'up' })]
    page = await metrics.registry.metrics()
    expect(page).toContain('watchfloor_source_status{source="rtls",kind="mqtt",status="up"} 1')
    expect(page).toContain('watchfloor_source_status{source="rtls",kind="mqtt",status="down"} 0')
  })

  it('says which build runs, and uses one prefix, with no gauge named like a counter', async () => {
    const page = await createMetrics(() => 0, []).registry.metrics()
    expect(page).toContain(`watchfloor_build_info{version="${GATEWAY_VERSION}",feed_protocol="1"} 1`)
    const families = [...page.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = '', type = '']) => ({
      name,
      type,
    }))
    expect(
      families.filter(
        ({ name }) => !name.startsWith('watchfloor_') || name.startsWith('watchfloor_gateway_'),
      ),
    ).toEqual([])
    expect(families.filter(({ name, type }) => name.endsWith('_total') && type !== 'counter')).toEqual([])
    expect(families.map(({ name }) => name)).toContain('watchfloor_process_cpu_seconds_total')
  })
})
