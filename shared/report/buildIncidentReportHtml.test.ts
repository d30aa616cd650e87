import { describe, expect, it } from 'vitest'
import type { Timeline } from '../contracts/incidents.ts'
import { buildIncidentReportHtml } from './buildIncidentReportHtml.ts'
import { alarmRowsOf, momentsThatMatter, type IncidentReportData } from './gatherIncidentReport.ts'

const T0 = Date.UTC(2026, 11, 3, 2, 0)

const timeline: Timeline = {
  from: T0,
  to: T0 + 600_000,
  alarms: [
    {
      at: T0 + 60_000,
      kind: 'raised',
      fingerprint: 'd@sw',
      ruleId: 'd',
      title: 'Network device down',
      detail: '',
      priority: 'high',
      raisedAt: T0 + 60_000,
      subject: null,
    },
    {
      at: T0 + 300_000,
      kind: 'cleared',
      fingerprint: 'd@sw',
      ruleId: 'd',
      title: 'Network device down',
      detail: '',
      priority: 'high',
      raisedAt: null,
      subject: null,
    },
  ],
  actions: [
    // A flood line's acknowledgement: named by its member.
    {
      id: 'a',
      action: 'acknowledge',
      fingerprint: 'd@group:sw',
      members: ['d@sw'],
      note: 'engineer <on> site',
      by: 'alice',
      at: T0 + 120_000,
    },
  ],
  sources: [],
  sourcesAtStart: [],
  incidents: [],
  eventsKept: true,
  truncated: false,
}

describe('the incident report', () => {
  it('puts raises, acknowledgements and clears in time order, an acknowledgement named by its alarm', () => {
    expect(alarmRowsOf(timeline).map((r) => [r.event, r.title, r.by])).toEqual([
      ['raised', 'Network device down', null],
      ['acknowledged', 'Network device down', 'alice'],
      ['cleared', 'Network device down', null],
    ])
  })

  it('pictures the start, the high raises and the end', () => {
    expect(momentsThatMatter({ from: T0, to: T0 + 600_000, alarms: alarmRowsOf(timeline) })).toEqual([
      T0,
      T0 + 60_000,
      T0 + 600_000,
    ])
  })

  it('is one self-contained page: escaped text, no script, nothing fetched', () => {
    const data: IncidentReportData = {
      incident: {
        id: 'inc-1',
        title: 'Switch <failure>',
        note: '',
        start: T0,
        end: T0 + 600_000,
        createdBy: 'bob',
        createdAt: T0,
        updatedBy: 'bob',
        updatedAt: T0,
      },
      trust: 'Northgate Teaching Hospitals NHS FT',
      from: T0,
      to: T0 + 600_000,
      generatedAt: T0 + 700_000,
      alarms: alarmRowsOf(timeline),
      feedHealth: [],
      kpis: [],
      outage: [],
      pictures: [],
      notes: [],
    }
    const html = buildIncidentReportHtml(data)
    expect(html).toContain('Switch &lt;failure&gt;')
    expect(html).toContain('engineer &lt;on&gt; site')
    expect(html).not.toMatch(/<script|<link|src="http/)
    expect(html).toContain("default-src 'none'")
    expect(html.match(/data-event="/g)).toHaveLength(3)
  })
})
