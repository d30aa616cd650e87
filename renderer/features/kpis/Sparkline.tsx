import { useEffect, useRef, type ReactElement } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { SampleRing } from '../../../shared/util/ringBuffer.ts'

/**
 * A sparkline of a KPI's recent history with uPlot. uPlot measures nothing itself, so the size
 * comes from a ResizeObserver on the container; data is pushed with `setData` only when the series
 * itself changed (its own `version`: a new bucket or a new value) — a KPI pass that moved nothing
 * else, or an unchanged value, redraws no chart.
 */
export function Sparkline({
  series,
  colour,
  label,
}: {
  readonly series: SampleRing
  /** CSS colour of the line (resolved from the tone's CSS variable by the caller). */
  readonly colour: string
  readonly label: string
}): ReactElement {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)

  useEffect(() => {
    const el = container.current
    if (!el) return
    const opts: uPlot.Options = {
      width: Math.max(10, el.clientWidth),
      height: Math.max(10, el.clientHeight),
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: true } },
      axes: [{ show: false }, { show: false }],
      series: [
        {},
        {
          stroke: colour,
          width: 2,
          fill: `color-mix(in srgb, ${colour} 18%, transparent)`,
          points: { show: false },
        },
      ],
      padding: [4, 2, 4, 2],
    }
    const u = new uPlot(opts, series.toColumns(), el)
    plot.current = u
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect
      if (box && box.width > 0 && box.height > 0)
        u.setSize({ width: Math.floor(box.width), height: Math.floor(box.height) })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      u.destroy()
      plot.current = null
    }
    // Recreated only when the line's colour changes (RAG change), not per data update.
  }, [series, colour])

  const version = series.version
  useEffect(() => {
    plot.current?.setData(series.toColumns())
  }, [series, version])

  // uPlot draws no line from fewer than two values: say the trend is building instead of showing
  // a blank (a ring seeded with the gateway's history draws at once). `data-from` (the oldest
  // sample's time) tells a test a seeded line from one the window drew itself.
  const building = !series.hasValues(2)
  return (
    <div
      className="kpi-sparkline"
      ref={container}
      role="img"
      aria-label={`${label}, recent trend`}
      data-points={series.size}
      data-from={series.first()?.t ?? ''}
    >
      {building ? <span className="kpi-trend-empty">trend: collecting</span> : null}
    </div>
  )
}
