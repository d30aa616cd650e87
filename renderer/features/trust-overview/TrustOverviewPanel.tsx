/**
 * The `trust-overview` panel: the whole trust as a stacked schematic — a column of floors per
 * building (top floor first), a block per ward or department — each coloured by its worst state
 * across beds, equipment, network and cyber, with the counts asked for first: free beds, devices
 * down, open cyber alerts. Where is the problem, and how bad, at a glance from across the room.
 *
 * Desktop: click a floor to show it on the board's map (a `mapFocus` request in the store). Wall:
 * the floor the map is following for an alarm is marked, so the two panels read together.
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { z } from 'zod'
import type { PanelProps } from '../../board/panelTypes.ts'
import { followedAlarm, placeOfAlarm, type AlarmPlace } from '../../state/alarmPlace.ts'
import { selectAlarms, selectSiteModel } from '../../state/selectors.ts'
import { useEntitiesVersion } from '../../state/useEntitiesVersion.ts'
import { useFreshnessWords } from '../../state/useTopicFreshness.ts'
import { useWatchfloor, watchfloorStore } from '../../state/watchfloorStore.ts'
import { PanelMessage } from '../../ui/PanelMessage.tsx'
import { shareStructure } from '../../ui/shareStructure.ts'
import {
  describeCounts,
  summariseTrust,
  type LevelSummary,
  type PlaceState,
  type SiteSummary,
  type TrustSummary,
} from './summariseTrust.ts'
import './trustOverview.css'

/** Panel settings: whether the wall marks the floor an alarm took the map to (default on). */
export const trustOverviewSettingsSchema = z.object({
  followAlarms: z.boolean().optional(),
})

const TOPICS = ['beds', 'assets', 'network', 'cyber'] as const

/**
 * How much each block says, chosen to fit the panel without scrolling or cutting anything off:
 * full names, then compact names ("W7"), then each ward's count alone, then one block per floor
 * (its worst state and counts; the wards stay in its tooltip). The type never shrinks below the
 * theme's size — on a wall, the wall's minimum; a panel too small even for floors says so.
 */
export const DENSITIES = ['full', 'compact', 'tight', 'levels'] as const
export type Density = (typeof DENSITIES)[number]

/** The state's mark, so colour is never the only cue (WCAG 1.4.1). */
export const STATE_MARK: Readonly<Record<PlaceState, string>> = {
  critical: '✕',
  warn: '▲',
  unknown: '?',
  ok: '',
}

export const STATE_WORD: Readonly<Record<PlaceState, string>> = {
  critical: 'critical',
  warn: 'warning',
  unknown: 'not live',
  ok: 'ok',
}

function Counts({
  c,
}: {
  readonly c: { freeBeds: number | null; devicesDown: number; cyberOpen: number }
}): ReactElement {
  return (
    <span className="to-counts">
      {c.freeBeds === null ? null : (
        <span className="to-count-free" title="free beds">
          {c.freeBeds} free
        </span>
      )}
      {c.devicesDown > 0 ? (
        <span className="to-count-down" title="devices down">
          ✕{c.devicesDown} down
        </span>
      ) : null}
      {c.cyberOpen > 0 ? (
        <span className="to-count-cyber" title="open cyber alerts">
          !{c.cyberOpen} cyber
        </span>
      ) : null}
    </span>
  )
}

/** A floor's row: memo, so with the summary's structural sharing only a floor that changed re-renders. */
const LevelRow = memo(function LevelRow({
  level,
  shown,
  interactive,
  density,
}: {
  readonly level: LevelSummary
  readonly shown: boolean
  readonly interactive: boolean
  readonly density: Density
}): ReactElement {
  const label = `${level.name}: ${STATE_WORD[level.state]}${level.reasons.length ? ` (${level.reasons.join(', ')})` : ''}. ${describeCounts(level)}`
  const name = (
    <>
      <span aria-hidden="true" className="to-mark">
        {STATE_MARK[level.state]}
      </span>
      {level.shortName}
    </>
  )
  return (
    <li
      className={`to-level to-state-${level.state}${shown ? ' to-shown' : ''}`}
      data-level={level.levelId}
      data-state={level.state}
      title={label}
    >
      {interactive ? (
        <button
          type="button"
          className="to-level-name"
          aria-label={`${level.shortName}: show ${label} on the map`}
          onClick={() =>
            watchfloorStore
              .getState()
              .focusMap({ levelId: level.levelId, area: null, reason: null, fingerprint: null })
          }
        >
          {name}
        </button>
      ) : (
        <span className="to-level-name">{name}</span>
      )}
      <span className="to-units">
        {(density === 'levels' ? [] : level.units).map((u) => (
          <span
            key={u.unitId}
            className={`to-unit to-state-${u.state}`}
            data-unit={u.unitId}
            data-state={u.state}
            title={`${u.name}: ${STATE_WORD[u.state]}${u.reasons.length ? ` (${u.reasons.join(', ')})` : ''}. ${describeCounts(u)}`}
          >
            {u.state === 'ok' ? null : (
              <span aria-hidden="true" className="to-mark">
                {STATE_MARK[u.state]}
              </span>
            )}
            {density === 'tight' ? null : (
              <span className="to-unit-name">{density === 'full' ? u.shortName : u.compactName}</span>
            )}
            {u.freeBeds === null ? null : <span className="to-unit-free">{u.freeBeds}</span>}
          </span>
        ))}
      </span>
      {density === 'levels' && level.freeBeds !== null ? (
        <span className="to-level-free" title="free beds">
          {level.freeBeds}
        </span>
      ) : null}
      {/* Compact leaves the floor's counts to its site's header and its tooltip: they would widen
          exactly the floor in trouble, and push its building off the line. */}
      {density !== 'compact' && (level.devicesDown > 0 || level.cyberOpen > 0) ? (
        <span className="to-level-flags">
          {level.devicesDown > 0 ? <span className="to-count-down">✕{level.devicesDown}</span> : null}
          {level.cyberOpen > 0 ? <span className="to-count-cyber">!{level.cyberOpen}</span> : null}
        </span>
      ) : null}
    </li>
  )
})

const Site = memo(function Site({
  site,
  shownLevel,
  interactive,
  density,
}: {
  readonly site: SiteSummary
  readonly shownLevel: string | null
  readonly interactive: boolean
  readonly density: Density
}): ReactElement {
  return (
    <section className={`to-site to-state-${site.state}`} data-site={site.siteId} data-state={site.state}>
      <header className="to-site-head" title={`${site.name}: ${describeCounts(site)}`}>
        <span className="to-site-short">{site.shortName}</span>
        {density === 'full' ? <span className="to-site-name">{site.name}</span> : null}
        <Counts c={site} />
      </header>
      <div className="to-buildings">
        {site.buildings.map((b) => (
          <div key={b.buildingId} className={`to-building to-state-${b.state}`} data-building={b.buildingId}>
            <div className="to-building-name">{b.name}</div>
            <ol className="to-levels">
              {b.levels.map((l) => (
                <LevelRow
                  key={l.levelId}
                  level={l}
                  shown={l.levelId === shownLevel}
                  interactive={interactive}
                  density={density}
                />
              ))}
            </ol>
          </div>
        ))}
      </div>
    </section>
  )
})

/**
 * The trust's summary, recomputed when its inputs changed — the entities at most once a second
 * (never per flush, never on a clock over unchanged tables) — and the same object while it says
 * the same: the panel does not re-render, or re-fit its density, for an unchanged summary; parts
 * that say the same keep their objects (structural sharing) so only changed floors re-render.
 */
function useTrustSummary(): TrustSummary | null {
  const tablesVersion = useEntitiesVersion(TOPICS, 1000)
  const last = useRef<TrustSummary | null>(null)
  const siteModel = useWatchfloor(selectSiteModel)
  const alarms = useWatchfloor(selectAlarms)
  // Replayed data is the log's state at the replayed moment: drawn as it was (the band says REPLAY).
  const staleKey = useFreshnessWords(TOPICS)
    .split(',')
    .map((word) => (word === 'live' || word === 'replay' ? '1' : '0'))
    .join('')
  return useMemo(() => {
    if (!siteModel) return null
    const { entities } = watchfloorStore.getState()
    const summary = summariseTrust({
      siteModel,
      beds: entities.beds,
      devices: entities.network,
      alerts: entities.cyber,
      assets: entities.assets,
      alarms,
      stale: {
        beds: staleKey[0] !== '1',
        assets: staleKey[1] !== '1',
        network: staleKey[2] !== '1',
        cyber: staleKey[3] !== '1',
      },
    })
    // The same objects for every part that says the same (the whole summary when nothing moved):
    // the panel does not re-render for an unchanged summary, and a changed one re-renders only the
    // sites and floors that changed (Site and LevelRow are memo).
    const shared = last.current === null ? summary : shareStructure(last.current, summary)
    last.current = shared
    return shared
    // `tablesVersion` re-reads the entities when they changed: the store's tables are views.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [siteModel, alarms, staleKey, tablesVersion])
}

/**
 * The least dense layout that fits. Whenever the panel's size or the content changes it starts
 * again from full and steps down after each render that overflows — in layout effects, so the
 * steps happen before the browser paints and nobody sees them. It measures the content against
 * the panel (whose size the board sets), so no layout it picks can feed back into the choice.
 */
function useFittingDensity(content: unknown): {
  readonly rootRef: (el: HTMLDivElement | null) => void
  readonly sitesRef: (el: HTMLDivElement | null) => void
  readonly density: Density
  /** Still overflowing at the last density: the panel says so rather than hide floors silently. */
  readonly overflow: boolean
} {
  const [root, setRoot] = useState<HTMLDivElement | null>(null)
  const [sites, setSites] = useState<HTMLDivElement | null>(null)
  const [density, setDensity] = useState<Density>('full')
  const [overflow, setOverflow] = useState(false)
  const lastSize = useRef('')
  useEffect(() => {
    if (!root) return
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect
      const key = rect ? `${Math.round(rect.width)}x${Math.round(rect.height)}` : ''
      if (key !== lastSize.current) {
        lastSize.current = key
        setDensity('full')
        setOverflow(false)
      }
    })
    observer.observe(root)
    return () => observer.disconnect()
  }, [root])
  // One effect, so a restart and a measurement never race: new content starts again from full.
  const laidOutFor = useRef<unknown>(null)
  // Measured after every render (the content decides whether it overflows); it settles because
  // density only ever steps down until nothing overflows.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  useLayoutEffect(() => {
    if (!sites) return
    if (laidOutFor.current !== content) {
      laidOutFor.current = content
      if (density !== 'full') {
        setDensity('full')
        setOverflow(false)
        return
      }
    }
    const overflows = sites.scrollHeight > sites.clientHeight + 1 || sites.scrollWidth > sites.clientWidth + 1
    const next = DENSITIES[DENSITIES.indexOf(density) + 1]
    if (overflows && next) setDensity(next)
    else if (!next && overflows !== overflow) setOverflow(overflows)
  })
  return { rootRef: setRoot, sitesRef: setSites, density, overflow }
}

export function TrustOverviewPanel({ panel, theme }: PanelProps): ReactElement {
  const parsed = trustOverviewSettingsSchema.safeParse(panel.settings)
  const summary = useTrustSummary()
  const alarms = useWatchfloor(selectAlarms)
  const focus = useWatchfloor((s) => s.mapFocus)
  const wall = theme === 'wall'
  const follow = parsed.success ? (parsed.data.followAlarms ?? wall) : wall
  const siteModel = useWatchfloor(selectSiteModel)
  const followed = useMemo((): { place: AlarmPlace } | null => {
    if (!follow || !siteModel) return null
    const { entities } = watchfloorStore.getState()
    const world = { siteModel, devices: entities.network, assets: entities.assets, alerts: entities.cyber }
    const alarm = followedAlarm(alarms, (a) => placeOfAlarm(a, world) !== null)
    const place = alarm ? placeOfAlarm(alarm, world) : null
    return alarm && place ? { place } : null
  }, [follow, siteModel, alarms])
  const { rootRef, sitesRef, density, overflow } = useFittingDensity(summary)
  if (!parsed.success)
    return <PanelMessage tone="critical">This overview panel’s settings are not valid.</PanelMessage>
  if (!summary) return <PanelMessage>Waiting for the site model…</PanelMessage>
  const shownLevel = followed?.place.levelId ?? (wall ? null : (focus?.levelId ?? null))
  return (
    <div
      ref={rootRef}
      className={`to-root to-${theme} to-${density}`}
      data-testid="trust-overview"
      data-state={summary.state}
      data-shown-level={shownLevel ?? ''}
      data-density={density}
      data-overflow={overflow ? 'true' : undefined}
    >
      <div className="to-sites" ref={sitesRef}>
        {summary.sites.map((s) => (
          <Site key={s.siteId} site={s} shownLevel={shownLevel} interactive={!wall} density={density} />
        ))}
      </div>
      {overflow ? (
        // Over the content, not in the flow: showing it must not change what fits.
        <span className="to-overflow" role="status">
          Not every floor fits: this panel is too small for the trust
        </span>
      ) : null}
      <footer className="to-key" aria-label="Overview key">
        <span>
          <b className="to-key-swatch to-state-critical">✕</b> down or high
        </span>
        <span>
          <b className="to-key-swatch to-state-warn">▲</b> warning or full
        </span>
        <span>
          <b className="to-key-swatch to-state-unknown">?</b> not live
        </span>
        <span>number: free beds</span>
        {shownLevel ? (
          <span>
            <b className="to-key-shown">◻</b> on the map
          </span>
        ) : null}
      </footer>
    </div>
  )
}
