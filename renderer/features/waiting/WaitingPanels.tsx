/**
 * The waiting-list panels (issue 16, the PTL): each reads the aggregate of every trust present and
 * shows one question a bed meeting or a collaborative's elective hub asks of it. Rows carry their
 * trust, so the same panels serve one trust's wall and the collaborative's four.
 */
import type { ReactElement } from 'react'
import { z } from 'zod'
import type { PanelProps } from '../../board/panelTypes.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { treatmentFunctionName } from '../../../shared/domain/waiting/treatmentFunctions.ts'
import { BANDS, type ListTotals } from './aggregateWaiting.ts'
import { formatCount, formatShare, useWaitingAggregate, type WaitingView } from './useWaitingAggregate.ts'
import { WaitingTrendChart } from './WaitingTrendChart.tsx'
import './waiting.css'

const BAND_LABEL = {
  '0-18': '0–18',
  '18-52': '18–52',
  '52-65': '52–65',
  '65-78': '65–78',
  '78+': '78+',
} as const

/** Rows a panel keeps on screen; the rest are counted in "and N more". */
const MAX_ROWS = 16

function NoList(): ReactElement {
  return (
    <PanelMessage>
      No waiting list yet: the PTL source shows here once a trust&rsquo;s extract has been received.
    </PanelMessage>
  )
}

function More({ shown, total }: { readonly shown: number; readonly total: number }): ReactElement | null {
  return total > shown ? <div className="list-more">and {formatCount(total - shown)} more</div> : null
}

/** 18-week performance under the standard (92 %) is the figure everyone reads first. */
function within18Class(share: number | null): string {
  if (share === null) return 'num'
  return share < 0.6 ? 'num waiting-bad' : share < 0.92 ? 'num waiting-warn' : 'num waiting-good'
}

function TotalsCells({ totals }: { readonly totals: ListTotals }): ReactElement {
  return (
    <>
      <td className="num">{formatCount(totals.total)}</td>
      <td className={within18Class(totals.within18)}>{formatShare(totals.within18)}</td>
      <td className="num">{formatCount(totals.over52)}</td>
      <td className="num">{formatCount(totals.bands['78+'])}</td>
      <td className="num">{formatCount(totals.p2PastDate)}</td>
      <td className="num">{totals.medianWeeks ?? '—'}</td>
    </>
  )
}

/** `compact`: three figures per trust, for a small panel beside other work (the site manager's board). */
export const waitingSummarySettingsSchema = z.object({ compact: z.boolean().default(false) })

function CompactSummary({ view }: { readonly view: WaitingView }): ReactElement {
  const { trusts, system } = view.aggregate
  const rows = trusts.length > 1 ? [...trusts, { trustId: '', ...system }] : trusts
  return (
    <div className="waiting-panel waiting-compact" data-testid="waiting-summary">
      {rows.map((t) => (
        <section key={t.trustId} data-trust={t.trustId || 'all'}>
          <h3>{t.trustId === '' ? 'All partners' : view.trustLabel(t.trustId)}</h3>
          <dl>
            <div>
              <dt>Within 18 wk</dt>
              <dd className={within18Class(t.within18)}>{formatShare(t.within18)}</dd>
            </div>
            <div>
              <dt>52+ wk</dt>
              <dd className={t.over52 > 0 ? 'num waiting-warn' : 'num'}>{formatCount(t.over52)}</dd>
            </div>
            <div>
              <dt>P2 past date</dt>
              <dd className="num">{formatCount(t.p2PastDate)}</dd>
            </div>
            {/* A figure beside the others, not a line below them: a two-row wall panel holds it. */}
            <div className="waiting-compact-total">
              <dt>Pathways</dt>
              <dd className="num">{formatCount(t.total)}</dd>
            </div>
          </dl>
        </section>
      ))}
    </div>
  )
}

/** `waiting-summary`: per trust and for the system, the headline figures of the list. */
export function WaitingSummaryPanel({ panel }: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  const settings = waitingSummarySettingsSchema.safeParse(panel.settings ?? {})
  if (view.size === 0) return <NoList />
  if (settings.success && settings.data.compact) return <CompactSummary view={view} />
  const { trusts, system } = view.aggregate
  return (
    <div className="list-panel waiting-panel" data-testid="waiting-summary">
      <table className="list-table">
        <thead>
          <tr>
            <th>Trust</th>
            <th className="num">Pathways</th>
            <th className="num">Within 18 wk</th>
            <th className="num">52+ wk</th>
            <th className="num">78+ wk</th>
            <th className="num">P2 past date</th>
            <th className="num">Median wk</th>
          </tr>
        </thead>
        <tbody>
          {trusts.map((t) => (
            <tr key={t.trustId} data-trust={t.trustId}>
              <td>{view.trustLabel(t.trustId)}</td>
              <TotalsCells totals={t} />
            </tr>
          ))}
          {trusts.length > 1 ? (
            <tr className="waiting-system">
              <td>All partners</td>
              <TotalsCells totals={system} />
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className="waiting-note">18-week standard: 92 % of incomplete pathways within 18 weeks.</div>
    </div>
  )
}

/** `waiting-bands`: pathways by treatment function and weeks-waiting band, every trust together. */
export function WaitingBandsPanel(_props: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  if (view.size === 0) return <NoList />
  const rows = view.aggregate.specialties
  const shown = rows.slice(0, MAX_ROWS)
  return (
    <div className="list-panel waiting-panel" data-testid="waiting-bands">
      <table className="list-table">
        <thead>
          <tr>
            <th>Specialty</th>
            {BANDS.map((band) => (
              <th key={band} className="num">
                {BAND_LABEL[band]} wk
              </th>
            ))}
            <th className="num">Within 18</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.treatmentFunction}>
              <td title={`Treatment function ${s.treatmentFunction}`}>
                {treatmentFunctionName(s.treatmentFunction)}
              </td>
              {BANDS.map((band) => (
                <td key={band} className={band === '78+' && s.bands[band] > 0 ? 'num waiting-bad' : 'num'}>
                  {formatCount(s.bands[band])}
                </td>
              ))}
              <td className={within18Class(s.within18)}>{formatShare(s.within18)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={shown.length} total={rows.length} />
    </div>
  )
}

function stageLabel(stage: string): string {
  return stage === 'outpatient' ? 'Outpatient' : stage === 'diagnostic' ? 'Diagnostic' : 'Admitted'
}

function LongWaitTable({
  view,
  rows,
  total,
  testId,
}: {
  readonly view: WaitingView
  readonly rows: WaitingView['aggregate']['longest']
  readonly total: number
  readonly testId: string
}): ReactElement {
  const shown = rows.slice(0, MAX_ROWS)
  // One trust's list: its name on every row says nothing (the panel frame and strip name it).
  const showTrust = view.aggregate.trusts.length > 1
  return (
    <div className="list-panel waiting-panel" data-testid={testId}>
      <table className="list-table">
        <thead>
          <tr>
            <th className="num">Weeks</th>
            <th>Specialty</th>
            {showTrust ? <th>Trust</th> : null}
            <th>Stage</th>
            <th>Priority</th>
            <th>TCI</th>
            <th>Ref</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id}>
              <td className={r.weeks >= 78 ? 'num waiting-bad' : r.weeks >= 52 ? 'num waiting-warn' : 'num'}>
                {r.weeks}
              </td>
              <td>{treatmentFunctionName(r.treatmentFunction)}</td>
              {showTrust ? <td>{view.trustLabel(r.trustId)}</td> : null}
              <td>{stageLabel(r.stage)}</td>
              <td>{r.priority ?? '—'}</td>
              <td>{r.tciDate ?? 'none'}</td>
              <td className="waiting-ref">{r.ref}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={shown.length} total={total} />
    </div>
  )
}

/** `waiting-longest`: the longest waits across the partners. */
export function WaitingLongestPanel(_props: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  if (view.size === 0) return <NoList />
  return (
    <LongWaitTable
      view={view}
      rows={view.aggregate.longest}
      total={view.aggregate.longest.length}
      testId="waiting-longest"
    />
  )
}

/** `waiting-p2`: P2 (treat within a month) pathways past their date. */
export function WaitingP2Panel(_props: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  if (view.size === 0) return <NoList />
  if (view.aggregate.system.p2PastDate === 0)
    return <PanelMessage>No P2 pathway is past its date.</PanelMessage>
  return (
    <div className="waiting-stack">
      <div className="waiting-headline" data-testid="waiting-p2-count">
        <strong>{formatCount(view.aggregate.system.p2PastDate)}</strong> P2 pathways past their date
        {view.aggregate.trusts.length > 1
          ? ` (${view.aggregate.trusts.map((t) => `${view.trustLabel(t.trustId)} ${formatCount(t.p2PastDate)}`).join(', ')})`
          : ''}
      </div>
      <LongWaitTable
        view={view}
        rows={view.aggregate.p2PastDate}
        total={view.aggregate.system.p2PastDate}
        testId="waiting-p2"
      />
    </div>
  )
}

/** `waiting-shorter`: per specialty, which partner has the shorter wait — candidates for moving patients. */
export function WaitingShorterPanel(_props: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  if (view.size === 0) return <NoList />
  const { trusts, shorterWaits } = view.aggregate
  if (trusts.length < 2) {
    return (
      <PanelMessage>
        One trust&rsquo;s list on this wall: the shorter wait by specialty compares the collaborative&rsquo;s
        partners once their gateways are connected.
      </PanelMessage>
    )
  }
  if (shorterWaits.length === 0)
    return <PanelMessage>No specialty&rsquo;s median wait differs by 4 weeks or more.</PanelMessage>
  const shown = shorterWaits.slice(0, MAX_ROWS)
  return (
    <div className="list-panel waiting-panel" data-testid="waiting-shorter">
      <table className="list-table">
        <thead>
          <tr>
            <th>Specialty</th>
            <th>Shorter wait</th>
            <th className="num">Median wk</th>
            <th>Longer wait</th>
            <th className="num">Median wk</th>
            <th className="num">52+ there</th>
            <th className="num">Gap wk</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.treatmentFunction}>
              <td>{treatmentFunctionName(s.treatmentFunction)}</td>
              <td className="waiting-good">{view.trustLabel(s.shorter.trustId)}</td>
              <td className="num">{s.shorter.medianWeeks}</td>
              <td>{view.trustLabel(s.longer.trustId)}</td>
              <td className="num">{s.longer.medianWeeks}</td>
              <td className="num">{formatCount(s.longer.over52)}</td>
              <td className="num">{s.gapWeeks}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More shown={shown.length} total={shorterWaits.length} />
      <div className="waiting-note">
        Median weeks waited; partners with at least 20 pathways in the specialty.
      </div>
    </div>
  )
}

/** `waiting-trend`: 18-week performance and 52+ week waits over the last weeks, per trust. */
export function WaitingTrendPanel(_props: PanelProps): ReactElement {
  const view = useWaitingAggregate()
  if (view.size === 0) return <NoList />
  return <WaitingTrendChart table={view.table} today={view.today} trustLabel={view.trustLabel} />
}
