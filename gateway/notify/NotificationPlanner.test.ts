import { describe, expect, it } from 'vitest'
import { NotificationPlanner, planRoutes, type NotifiableAlarm } from './NotificationPlanner.ts'
import { notifyConfigSchema } from './notifyConfigSchema.ts'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

const alarm = (overrides: Partial<NotifiableAlarm> & { fingerprint: string }): NotifiableAlarm => ({
  ruleId: 'network-device-down',
  title: 'Network device down',
  detail: `${overrides.fingerprint} is down`,
  priority: 'high',
  domain: 'network',
  siteId: 'site-a',
  raisedAt: T0,
  status: 'firing',
  line: { fingerprint: overrides.fingerprint, detail: `${overrides.fingerprint} is down`, count: 1 },
  ...overrides,
})

function planner(route: Record<string, unknown>) {
  const config = notifyConfigSchema.parse({
    receivers: [
      { name: 'it-oncall', webhook: { url: 'http://127.0.0.1:1/hook' } },
      {
        name: 'site-a-managers',
        email: { host: '127.0.0.1', from: 'wf@example.nhs.uk', to: ['beds@example.nhs.uk'] },
      },
      { name: 'everything', command: { path: '/bin/true' } },
    ],
    route,
  })
  let n = 0
  return new NotificationPlanner(planRoutes(config), () => `n${++n}`)
}

describe('NotificationPlanner routing', () => {
  const p = planner({
    receiver: 'everything',
    routes: [
      {
        receiver: 'it-oncall',
        match: { priorities: ['high'], domains: ['network', 'cyber'] },
        continue: true,
      },
      { receiver: 'site-a-managers', match: { domains: ['beds', 'network'], sites: ['site-a'] } },
    ],
  })
  const to = (a: NotifiableAlarm): string[] => p.routesFor(a).map((r) => r.receiver)

  it('routes by priority, domain and site, in order, continuing where a route says so, else to the root receiver', () => {
    expect(to(alarm({ fingerprint: 'a' }))).toEqual(['it-oncall', 'site-a-managers'])
    expect(to(alarm({ fingerprint: 'b', siteId: 'site-b' }))).toEqual(['it-oncall'])
    expect(to(alarm({ fingerprint: 'c', priority: 'low', domain: 'beds' }))).toEqual(['site-a-managers'])
    // No site: only routes without `sites` match.
    expect(to(alarm({ fingerprint: 'd', priority: 'medium', domain: 'feeds', siteId: null }))).toEqual([
      'everything',
    ])
  })
})

describe('NotificationPlanner timing (Alertmanager’s group_wait, group_interval, repeat_interval)', () => {
  const route = {
    routes: [{ receiver: 'it-oncall', match: { domains: ['network'] } }],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
  }

  it('waits groupWait, sends one notification for the group, repeats it every repeatInterval until acknowledged', () => {
    const p = planner(route)
    p.update([alarm({ fingerprint: 'sw-1' }), alarm({ fingerprint: 'ap-1', priority: 'low' })], T0)
    expect(p.due(T0 + 29 * SECOND)).toEqual([])
    const [first] = p.due(T0 + 30 * SECOND)
    expect(first).toMatchObject({
      receiver: 'it-oncall',
      status: 'firing',
      labels: { rule: 'network-device-down', site: 'site-a' },
    })
    expect(first?.firing.map((a) => a.fingerprint)).toEqual(['sw-1', 'ap-1'])
    p.settle(first?.id ?? '', true, T0 + 30 * SECOND)

    expect(p.due(T0 + 30 * SECOND + 4 * 60 * MINUTE - 1)).toEqual([])
    const [repeat] = p.due(T0 + 30 * SECOND + 4 * 60 * MINUTE)
    expect(repeat?.firing).toHaveLength(2)
    p.settle(repeat?.id ?? '', true, T0 + 4 * 60 * MINUTE)

    // Acknowledged: nothing more, ever, while it stays acknowledged.
    p.update(
      [
        alarm({ fingerprint: 'sw-1', status: 'acknowledged' }),
        alarm({ fingerprint: 'ap-1', status: 'acknowledged' }),
      ],
      T0 + 5 * 60 * MINUTE,
    )
    expect(p.due(T0 + 24 * 60 * MINUTE)).toEqual([])
    expect(p.size).toBe(0)
  })

  it('never notifies a shelved alarm (shelving is the silence), and sends a member that joins at groupInterval', () => {
    const p = planner(route)
    p.update([alarm({ fingerprint: 'sw-1', status: 'silenced' })], T0)
    expect(p.due(T0 + 10 * MINUTE)).toEqual([])

    p.update([alarm({ fingerprint: 'sw-2' })], T0 + 10 * MINUTE)
    const [first] = p.due(T0 + 10 * MINUTE + 30 * SECOND)
    p.settle(first?.id ?? '', true, T0 + 10 * MINUTE + 30 * SECOND)
    p.update([alarm({ fingerprint: 'sw-2' }), alarm({ fingerprint: 'ap-2' })], T0 + 11 * MINUTE)
    expect(p.due(T0 + 15 * MINUTE)).toEqual([])
    const [change] = p.due(T0 + 15 * MINUTE + 30 * SECOND)
    expect(change?.firing.map((a) => a.fingerprint)).toEqual(['sw-2', 'ap-2'])
  })

  it('sends resolved for notified alarms that clear, then forgets the group', () => {
    const p = planner(route)
    p.update([alarm({ fingerprint: 'sw-1' })], T0)
    const [first] = p.due(T0 + 30 * SECOND)
    p.settle(first?.id ?? '', true, T0 + 30 * SECOND)
    p.update([], T0 + MINUTE)
    const [resolved] = p.due(T0 + 30 * SECOND + 5 * MINUTE)
    expect(resolved).toMatchObject({
      status: 'resolved',
      firing: [],
      resolved: [{ fingerprint: 'sw-1', status: 'resolved' }],
    })
    p.settle(resolved?.id ?? '', true, T0 + 6 * MINUTE)
    expect(p.size).toBe(0)
  })

  it('sends nothing for a group that cleared within its groupWait', () => {
    const p = planner(route)
    p.update([alarm({ fingerprint: 'sw-1' })], T0)
    p.update([], T0 + 10 * SECOND)
    expect(p.due(T0 + MINUTE)).toEqual([])
    expect(p.size).toBe(0)
  })

  it('retries a failed send with backoff (10 s, 20 s, …), counting attempts', () => {
    const p = planner(route)
    p.update([alarm({ fingerprint: 'sw-1' })], T0)
    const [first] = p.due(T0 + 30 * SECOND)
    p.settle(first?.id ?? '', false, T0 + 30 * SECOND)
    expect(p.due(T0 + 39 * SECOND)).toEqual([])
    const [second] = p.due(T0 + 40 * SECOND)
    expect(second?.attempt).toBe(2)
    p.settle(second?.id ?? '', false, T0 + 40 * SECOND)
    expect(p.due(T0 + 59 * SECOND)).toEqual([])
    expect(p.due(T0 + 60 * SECOND)).toMatchObject([{ attempt: 3 }])
  })
})

describe('notify config', () => {
  it('refuses a route to a receiver that does not exist, and a receiver with two kinds, naming where', () => {
    const result = notifyConfigSchema.safeParse({
      receivers: [
        {
          name: 'both',
          webhook: { url: 'http://127.0.0.1:1/' },
          command: { path: '/bin/true' },
        },
      ],
      route: { routes: [{ receiver: 'nobody' }] },
    })
    expect(result.success).toBe(false)
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toEqual(
      expect.arrayContaining([
        'receivers.0: a receiver has exactly one of webhook, email or command',
        'route.routes.0.receiver: no receiver named "nobody"',
      ]),
    )
  })
})
