import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { AlarmTransition } from '../../../shared/contracts/alarms.ts'
import { TransitionTable } from './AlarmHistory.tsx'

const base: AlarmTransition = {
  at: Date.UTC(2026, 0, 5, 9, 0, 0),
  fingerprint: 'network-device-down@group:sw-1',
  ruleId: 'network-device-down',
  title: 'Network device down',
  detail: 'SW-1 (access-switch) is down',
  priority: 'high',
  from: 'normal',
  to: 'unacknowledged',
}

describe('TransitionTable (alarm history)', () => {
  it('lists transitions newest first with who acknowledged and why', () => {
    const transitions: AlarmTransition[] = [
      base,
      {
        ...base,
        at: base.at + 60_000,
        from: 'unacknowledged',
        to: 'acknowledged',
        by: 'Night operator',
        note: 'engineer called',
      },
    ]
    const html = renderToStaticMarkup(<TransitionTable transitions={transitions} />)
    const rows = html.split('<tr').slice(2)
    expect(rows[0]).toContain('unacknowledged → acknowledged')
    expect(rows[0]).toContain('Night operator')
    expect(rows[0]).toContain('engineer called')
    expect(rows[1]).toContain('normal → unacknowledged')
    expect(html).toContain('*** high')
  })

  it('says so when nothing has happened since the page opened', () => {
    expect(renderToStaticMarkup(<TransitionTable transitions={[]} />)).toContain(
      'No transitions since this page opened.',
    )
  })
})
