import { useMemo, type ReactElement } from 'react'
import type { CalendarDate, WaitingEntity } from '../../../shared/contracts/waiting.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { waitingTrends, type TrendPoint } from './aggregateWaiting.ts'
import { formatCount, formatShare } from './useWaitingAggregate.ts'

/** Days of history drawn. */
export const TREND_DAYS_SHOWN = 42

/** Colour-blind-safe line colours (Okabe–Ito), one per trust in id order. */
const LINE_COLOURS = ['#56b4e9', '#e69f00', '#cc79a7', '#009e73'] as const

const W = 100
const H = 40

/**
 * The 18-week performance of each trust over the last weeks, from the daily summaries the gateway
 * keeps in its change log. Lines only in the SVG (it scales with the panel); every label is HTML,
 * so the wall's minimum type size holds.
 */
export function WaitingTrendChart({
  table,
  today,
  trustLabel,
}: {
  readonly table: ReadonlyMap<string, WaitingEntity>
  readonly today: CalendarDate
  readonly trustLabel: (trustId: string) => string
}): ReactElement {
  const trends = useMemo(() => waitingTrends(table.values(), today, TREND_DAYS_SHOWN), [table, today])
  const series = [...trends].filter(([, points]) => points.length > 0)
  if (series.length === 0)
    return <PanelMessage>No daily summary yet: the trend starts with the first extract.</PanelMessage>
  const shares = series.flatMap(([, points]) => points.map((p) => p.within18 ?? 0))
  // The axis spans the data and the 92 % standard, rounded out to 5 %.
  const low = Math.max(0, Math.floor((Math.min(...shares, 0.92) - 0.02) * 20) / 20)
  const high = Math.min(1, Math.ceil((Math.max(...shares, 0.92) + 0.01) * 20) / 20)
  const y = (share: number): number => H - ((share - low) / (high - low)) * H
  const days = Math.max(...series.map(([, points]) => points.length))
  const x = (i: number, n: number): number => (n <= 1 ? W : (i / (n - 1)) * W)
  const first = series[0]?.[1][0]?.date ?? today
  return (
    <div className="waiting-trend" data-testid="waiting-trend">
      <div className="waiting-trend-axis">
        <span>{Math.round(high * 100)} %</span>
        <span>{Math.round(low * 100)} %</span>
      </div>
      <svg
        className="waiting-trend-plot"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label="18-week performance by day, per trust"
      >
        <line
          x1={0}
          x2={W}
          y1={y(0.92)}
          y2={y(0.92)}
          className="waiting-trend-standard"
          vectorEffect="non-scaling-stroke"
        />
        {series.map(([trustId, points], index) => (
          <polyline
            key={trustId}
            fill="none"
            stroke={LINE_COLOURS[index % LINE_COLOURS.length]}
            strokeWidth={3}
            vectorEffect="non-scaling-stroke"
            points={points
              .map(
                (p, i) => `${x(i + days - points.length, days).toFixed(2)},${y(p.within18 ?? 0).toFixed(2)}`,
              )
              .join(' ')}
          />
        ))}
      </svg>
      <div className="waiting-trend-dates">
        <span>{first}</span>
        <span>18-week performance (dashed: the 92 % standard)</span>
        <span>{today}</span>
      </div>
      <ul className="waiting-trend-legend">
        {series.map(([trustId, points], index) => (
          <TrendLegend
            key={trustId}
            label={trustLabel(trustId)}
            colour={LINE_COLOURS[index % LINE_COLOURS.length] ?? '#fff'}
            points={points}
          />
        ))}
      </ul>
    </div>
  )
}

function TrendLegend({
  label,
  colour,
  points,
}: {
  readonly label: string
  readonly colour: string
  readonly points: readonly TrendPoint[]
}): ReactElement {
  const last = points.at(-1)
  const firstPoint = points[0]
  const change = last !== undefined && firstPoint !== undefined ? last.over52 - firstPoint.over52 : 0
  return (
    <li>
      <span className="waiting-swatch" style={{ background: colour }} aria-hidden="true" />
      <strong>{label}</strong> {formatShare(last?.within18 ?? null)} within 18 wk ·{' '}
      {formatCount(last?.over52 ?? 0)} at 52+ wk ({change <= 0 ? '' : '+'}
      {formatCount(change)} in {points.length} days)
    </li>
  )
}
