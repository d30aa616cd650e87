import { describe, expect, it } from 'vitest'
import type { SourceHealth } from '../../shared/contracts/entities.ts'
import type { AlarmEngine } from '../../shared/domain/alarms/AlarmEngine.ts'
import type { AlarmRecord } from '../../shared/domain/alarms/alarmLifecycle.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import type { LoggedEvent } from '../store/eventLog.ts'
import { createEventRecorder } from './createEventRecorder.ts'

const record = (fingerprint: string, active = true): AlarmRecord =>
  ({
    fingerprint,
    ruleId: 'network-device-down',
    title: 'Network device down',
    detail: 'SW-1',
    subject: { kind: 'device', id: 'sw-1', siteId: null, levelId: null, unitId: null },
    basePriority: 'high',
    state: 'unacknowledged',
    active,
    raisedAt: 1_000,
  }) as AlarmRecord

const engineWith = (records: AlarmRecord[]): AlarmEngine =>
  ({ records: () => records.values() }) as unknown as AlarmEngine

const source = (status: SourceHealth['status']): SourceHealth =>
  ({
    id: 'snmp',
    kind: 'snmp',
    topics: ['network'],
    status,
    detail: status === 'up' ? null : 'timeouts',
  }) as SourceHealth

describe('the history events the gateway records', () => {
  it('records each alarm once when raised and once when cleared, and each source change', async () => {
    const written: LoggedEvent[] = []
    const recorder = createEventRecorder({
      events: { appendEvents: async (events) => void written.push(...events), eventsBetween: async () => [] },
      log: createSilentLogger(),
    })
    recorder.alarmsEvaluated(engineWith([record('a@1')]), 10)
    recorder.alarmsEvaluated(engineWith([record('a@1')]), 11)
    recorder.alarmsEvaluated(engineWith([record('a@1', false)]), 12)
    recorder.sourcesReported([source('up')], 10)
    recorder.sourcesReported([source('up')], 15)
    recorder.sourcesReported([source('down')], 20)
    await recorder.flush()
    expect(
      written.map((e) => [
        e.kind,
        e.at,
        (e.body as { kind?: string; status?: string }).kind ?? (e.body as { status: string }).status,
      ]),
    ).toEqual([
      ['alarm-transition', 10, 'raised'],
      ['alarm-transition', 12, 'cleared'],
      ['source-health', 10, 'up'],
      ['source-health', 20, 'down'],
    ])
  })

  it('counts a write that fails and carries on', async () => {
    const recorder = createEventRecorder({
      events: {
        appendEvents: async () => Promise.reject(new Error('disk full')),
        eventsBetween: async () => [],
      },
      log: createSilentLogger(),
    })
    recorder.sourcesReported([source('up')], 10)
    await recorder.flush()
    expect(recorder.failures()).toBe(1)
  })
})
