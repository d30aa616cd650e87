import { afterEach, describe, expect, it } from 'vitest'
import type { AlarmActionRecord } from '../../shared/contracts/feed.ts'
import { timelineSchema } from '../../shared/contracts/incidents.ts'
import { createSilentLogger } from '../log/createLogger.ts'
import { createFreeTextScrubber } from '../security/createFreeTextScrubber.ts'
import { openSqliteChangeLog } from '../store/createSqliteChangeLog.ts'
import { createIncidentRoutes } from './createIncidentRoutes.ts'

const T0 = Date.UTC(2026, 11, 3, 2, 0)
const logs: ReturnType<typeof openSqliteChangeLog>[] = []

function setup(now = T0 + 3_600_000) {
  const log = openSqliteChangeLog({
    dir: ':memory:',
    synchronous: 'normal',
    retention: {
      defaultMs: 30 * 86_400_000,
      perTopicMs: {},
      fullSnapshotGrainMs: 86_400_000,
      maxBytes: 1 << 30,
    },
  })
  logs.push(log)
  const routes = createIncidentRoutes({
    changeLog: log,
    events: log,
    scrub: createFreeTextScrubber(),
    now: () => now,
    log: createSilentLogger(),
  })
  const call = (
    method: string,
    path: string,
    body?: unknown,
    role: 'viewer' | 'operator' | 'it' = 'operator',
  ) => {
    const url = new URL(path, 'http://gateway.invalid')
    return routes({
      method,
      pathname: url.pathname,
      query: url.searchParams,
      principal: { name: `${role}-desk`, role },
      body: async () => body,
    })
  }
  return { log, call }
}

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close()
})

describe('the incident record at the gateway', () => {
  it('marks an incident, records who, and changes it as a new version of the same record', async () => {
    const { call } = setup()
    const marked = await call('POST', '/v1/incidents', {
      title: 'Core switch failure',
      note: '',
      start: T0,
      end: null,
    })
    expect(marked?.status).toBe(201)
    const { incident } = marked?.body as { incident: { id: string; createdBy: string } }
    expect(incident.createdBy).toBe('operator-desk')
    const ended = await call(
      'POST',
      '/v1/incidents',
      {
        id: incident.id,
        title: 'Core switch failure',
        note: 'Power supply replaced',
        start: T0,
        end: T0 + 1_800_000,
      },
      'it',
    )
    expect(ended?.status).toBe(200)
    const list = (await call('GET', '/v1/incidents'))?.body as {
      incidents: { id: string; end: number; updatedBy: string; createdBy: string }[]
    }
    expect(list.incidents).toHaveLength(1)
    expect(list.incidents[0]).toMatchObject({
      id: incident.id,
      end: T0 + 1_800_000,
      createdBy: 'operator-desk',
      updatedBy: 'it-desk',
    })
  })

  it('refuses a viewer, a bad period and an unknown id with a clear error', async () => {
    const { call } = setup()
    expect(
      (await call('POST', '/v1/incidents', { title: 'x', note: '', start: T0, end: null }, 'viewer'))?.status,
    ).toBe(403)
    const backwards = await call('POST', '/v1/incidents', { title: 'x', note: '', start: T0, end: T0 - 1 })
    expect(backwards?.status).toBe(400)
    expect(JSON.stringify(backwards?.body)).toMatch(/cannot end before it starts/)
    expect((await call('POST', '/v1/incidents', undefined))?.status).toBe(400)
    expect(
      (await call('POST', '/v1/incidents', { id: 'inc-nope', title: 'x', note: '', start: T0, end: null }))
        ?.status,
    ).toBe(404)
  })

  it('scrubs an NHS number out of a note before it is written', async () => {
    const { call } = setup()
    const marked = await call('POST', '/v1/incidents', {
      title: 'Bed board wrong',
      note: 'patient 943 476 5919 moved',
      start: T0,
      end: null,
    })
    expect(JSON.stringify(marked?.body)).not.toContain('943 476 5919')
  })

  it('answers a timeline: raises, acknowledgements, source health and incidents; details only for it', async () => {
    const { log, call } = setup()
    const ack: AlarmActionRecord = {
      id: 'a1',
      action: 'acknowledge',
      fingerprint: 'network-device-down@sw-1',
      note: 'on it',
      by: 'alice',
      at: T0 + 120_000,
    }
    await log.append({ at: ack.at, batches: [], receipts: [], alarmActions: [ack] })
    await log.appendEvents([
      {
        kind: 'source-health',
        key: 'snmp',
        at: T0 - 60_000,
        body: { at: T0 - 60_000, source: 'snmp', status: 'up', detail: null },
      },
      {
        kind: 'alarm-transition',
        key: 'network-device-down@sw-1',
        at: T0 + 60_000,
        body: {
          at: T0 + 60_000,
          kind: 'raised',
          fingerprint: 'network-device-down@sw-1',
          ruleId: 'network-device-down',
          title: 'Network device down',
          detail: 'SW-1 10.0.0.1',
          priority: 'high',
          raisedAt: T0 + 60_000,
          subject: null,
        },
      },
      {
        kind: 'source-health',
        key: 'snmp',
        at: T0 + 30_000,
        body: { at: T0 + 30_000, source: 'snmp', status: 'degraded', detail: 'timeouts from 10.0.0.1' },
      },
    ])
    await call('POST', '/v1/incidents', { title: 'Switch', note: '', start: T0, end: T0 + 600_000 })
    const answer = await call('GET', `/v1/history/timeline?from=${T0}&to=${T0 + 600_000}`)
    const timeline = timelineSchema.parse(answer?.body)
    expect(timeline.alarms.map((a) => [a.kind, a.detail])).toEqual([['raised', '']])
    expect(timeline.actions.map((a) => a.by)).toEqual(['alice'])
    expect(timeline.sourcesAtStart.map((s) => s.status)).toEqual(['up'])
    expect(timeline.sources.map((s) => [s.status, s.detail])).toEqual([['degraded', null]])
    expect(timeline.incidents.map((i) => i.title)).toEqual(['Switch'])
    const forIt = timelineSchema.parse(
      (await call('GET', `/v1/history/timeline?from=${T0}&to=${T0 + 600_000}`, undefined, 'it'))?.body,
    )
    expect(forIt.alarms[0]?.detail).toBe('SW-1 10.0.0.1')
  })
})
