/**
 * The floor map panel: beds, tracked equipment, network and cyber on one level of one site.
 *
 * Desktop: pan and zoom, hover and click for details, search to locate, layer toggles, a level and
 * site switcher; it goes where a `mapFocus` request in the store says (an alarm's "Show", a floor
 * picked on the trust overview). Wall: framing chosen by the panel's settings (site, level, area),
 * folded to fill the panel (framing.ts), no interaction, larger labels — and while an
 * unacknowledged high or medium alarm has a place, the map follows it there, framing its
 * footprint with the reason on the map, and returns when it is acknowledged. A layer whose feed is
 * stale is washed grey and flagged in the legend.
 */
import { OrthographicView, type PickingInfo } from '@deck.gl/core'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactElement,
} from 'react'
import { z } from 'zod'
import type { AlarmPriority } from '../../../shared/contracts/alarms.ts'
import { assetTypeSchema, type AssetType } from '../../../shared/contracts/entities.ts'
import type { Level, SiteModel } from '../../../shared/contracts/places.ts'
import { alarmReason, areaOfPlace, followedAlarm, placeOfAlarm } from '../../state/alarmPlace.ts'
import { selectAlarms } from '../../state/selectors.ts'
import type { LevelArea, ThemeName } from '../../state/types.ts'
import { useFreshnessWords } from '../../state/useTopicFreshness.ts'
import { useWatchfloor, watchfloorStore } from '../../state/watchfloorStore.ts'
import { useClock } from '../../ui/sharedClock.ts'
import { useHost } from '../../host/HostProvider.tsx'
import type { FloorPlan } from './floorPlan.ts'
import { countMapFrame, countMapResize, floorMapProbe } from './floorMapProbe.ts'
import { loadFloorPlan } from './floorPlanSource.ts'
import { fitBounds, frameArea, type Frame, type FrameView } from './framing.ts'
import { MapDetails, type MapPick } from './MapDetails.tsx'
import { MapLegend } from './MapLegend.tsx'
import { MapFreshnessNote } from './MapFreshnessNote.tsx'
import { MapSearchBox } from './MapSearchBox.tsx'
import { OutageListDialog } from './OutageListDialog.tsx'
import { buildOutageReport } from './outageReport.ts'
import { initialHiddenTypes, toggleType } from './equipmentTypes.ts'
import { MapModel } from './MapModel.ts'
import { OnDemandDeck } from './OnDemandDeck.ts'
import { MAP_CLOCK_MS, MapDeckLayers } from './MapDeckLayers.tsx'
import type { OutageFootprint } from './outageFootprint.ts'
import {
  FEED_LAYER_KEYS,
  MAP_LAYER_KEYS,
  type FeedLayerKey,
  type LayerVisibility,
  type MapLayerKey,
} from './useMapLayers.ts'
import { resolvePick } from './resolvePick.ts'
import { PLAN_LABEL_PX } from './layers/planLayers.ts'
import './floorMap.css'
import { runDetached } from '../../../shared/util/runDetached.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'

/** Panel settings, validated: a bad board file shows an error in the panel, not a blank map. */
export const floorMapSettingsSchema = z.object({
  siteId: z.string().optional(),
  levelId: z.string().optional(),
  /** Fixed framing on the wall, [minX, minY, maxX, maxY] in local metres; default: the whole level. */
  area: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  layers: z.partialRecord(z.enum(MAP_LAYER_KEYS), z.boolean()).optional(),
  /** Minutes of "what changed" markers. */
  changeWindowMinutes: z.number().positive().max(240).optional(),
  /** Equipment types drawn at first; default every type (on a wall, every type but staff badges). */
  assetTypes: z.array(assetTypeSchema).optional(),
  /**
   * Follow unacknowledged high and medium alarms that have a place: go to their level and frame
   * their footprint until they are acknowledged. Default: on for a wall, off for a desktop (which
   * offers "Show" on each alarm instead).
   */
  followAlarms: z.boolean().optional(),
})
export type FloorMapSettings = z.infer<typeof floorMapSettingsSchema>

export type FloorMapPanelProps = {
  readonly panel: { readonly id: string; readonly title?: string; readonly settings?: unknown }
  readonly theme: ThemeName
}

type ViewState = FrameView

/** A desktop map shorter than this starts with its key folded (unfolded it covers half the plan). */
const KEY_FOLD_BELOW_PX = 360

/** Pixels kept clear around a wall's plan, and between the bands of a folded one. */
const WALL_PADDING = 10
const WALL_BAND_GAP = 14

/**
 * Pixels kept clear around a desktop's fitted plan: 32, or less in a short panel (a 110 px canvas
 * under the folded key would keep 64 of its 110 px empty and draw the floor 46 px tall).
 */
function desktopPadding(width: number, height: number): number {
  return Math.min(32, Math.round(Math.min(width, height) * 0.08))
}

/** Where the map is because someone or something asked: an alarm followed, a "Show", a pick. */
type MapNote = {
  readonly reason: string
  readonly priority: AlarmPriority | null
  readonly fingerprint: string | null
  /** Only a desktop's note can be put away; a followed alarm's stays until it is acknowledged. */
  readonly dismissable: boolean
}

/** Every layer drawn until the panel's settings or the operator say otherwise. */
const DEFAULT_VISIBILITY = Object.fromEntries(MAP_LAYER_KEYS.map((k) => [k, true])) as Record<
  MapLayerKey,
  boolean
> satisfies LayerVisibility

export function FloorMapPanel({ panel, theme }: FloorMapPanelProps): ReactElement {
  const parsed = floorMapSettingsSchema.safeParse(panel.settings ?? {})
  const siteModel = useWatchfloor((s) => s.siteModel)
  if (!parsed.success) {
    return <div className="fm-message">Map settings are invalid: {parsed.error.issues[0]?.message}</div>
  }
  if (!siteModel) return <div className="fm-message">Waiting for the site model…</div>
  return <FloorMap siteModel={siteModel} settings={parsed.data} theme={theme} />
}

function defaultLevel(siteModel: SiteModel, siteId: string | undefined): Level | undefined {
  const levels = siteModel.levels.filter((l) => siteId === undefined || l.siteId === siteId)
  // Prefer the level with most beds: for a bed-meeting map that is the one people want first.
  const beds = new Map<string, number>()
  for (const b of siteModel.beds) beds.set(b.levelId, (beds.get(b.levelId) ?? 0) + 1)
  return [...levels].sort((a, b) => (beds.get(b.id) ?? 0) - (beds.get(a.id) ?? 0))[0]
}

function FloorMap(props: {
  readonly siteModel: SiteModel
  readonly settings: FloorMapSettings
  readonly theme: ThemeName
}): ReactElement {
  const { siteModel, settings, theme } = props
  const interactive = theme === 'desktop'
  const labelScale = theme === 'wall' ? 1.5 : 1
  const follow = settings.followAlarms ?? !interactive
  // The operator's choice (the panel's level, or the one picked on a desktop): where the map
  // returns once a followed alarm is acknowledged.
  const [levelId, setLevelId] = useState<string | undefined>(
    () => settings.levelId ?? defaultLevel(siteModel, settings.siteId)?.id,
  )
  const [visibility, setVisibility] = useState<LayerVisibility>({ ...DEFAULT_VISIBILITY, ...settings.layers })
  const [hiddenAssetTypes, setHiddenAssetTypes] = useState<ReadonlySet<AssetType>>(() =>
    initialHiddenTypes(settings.assetTypes, theme === 'wall'),
  )
  const [plan, setPlan] = useState<{ levelId: string; plan: FloorPlan | null; error: string | null } | null>(
    null,
  )
  const [size, setSize] = useState<{ width: number; height: number }>({ width: 0, height: 0 })
  const [viewState, setViewState] = useState<ViewState | null>(null)
  const [pick, setPick] = useState<MapPick | null>(null)
  // What was clicked or located stays in the details panel while the pointer wanders.
  const [pinned, setPinned] = useState<MapPick | null>(null)
  const [outageList, setOutageList] = useState(false)
  const [note, setNote] = useState<MapNote | null>(null)
  // The desktop key covers the plan of a small map: folded there unless the operator unfolds it.
  const [keyFolded, setKeyFolded] = useState<boolean | null>(null)

  // The entity tables are followed by MapDeckLayers (below), not here: a batch re-renders that
  // leaf, not the panel's top bar and legend.
  const alarms = useWatchfloor(selectAlarms)
  const mapFocus = useWatchfloor((s) => s.mapFocus)
  const selection = useWatchfloor((s) => s.selection)
  const select = useWatchfloor((s) => s.select)
  // The details card's and outage list's ages (desktop): the map's coarse clock.
  const now = useClock(MAP_CLOCK_MS)

  // The alarm a wall follows, placed once per alarm change (not per flush): its level, the area
  // to frame, and the reason shown on the map.
  const followed = useMemo(() => {
    if (!follow) return null
    const { entities } = watchfloorStore.getState()
    const world = { siteModel, devices: entities.network, assets: entities.assets, alerts: entities.cyber }
    const alarm = followedAlarm(alarms, (a) => placeOfAlarm(a, world) !== null)
    const place = alarm ? placeOfAlarm(alarm, world) : null
    if (!alarm || !place) return null
    return {
      levelId: place.levelId,
      area: areaOfPlace(place, siteModel),
      note: {
        reason: alarmReason(alarm),
        priority: alarm.priority,
        fingerprint: alarm.fingerprint,
        dismissable: false,
      } satisfies MapNote,
    }
  }, [follow, alarms, siteModel])

  const shownLevelId = followed?.levelId ?? levelId
  const level =
    siteModel.levels.find((l) => l.id === shownLevelId) ?? defaultLevel(siteModel, settings.siteId)
  const siteId = level?.siteId

  // A layer is live only while its feed is confirmed live and the hub is connected: the same rule
  // as the status strip, so the map and the strip never disagree about staleness.
  // Replayed data is the log's state at the replayed moment: drawn as it was (the band says REPLAY).
  const words = useFreshnessWords(FEED_LAYER_KEYS).split(',')
  const staleKey = words.map((word) => (word === 'live' || word === 'replay' ? '1' : '0')).join('')
  const stale = useMemo(
    () =>
      Object.fromEntries(FEED_LAYER_KEYS.map((k, i) => [k, staleKey[i] !== '1'])) as Record<
        FeedLayerKey,
        boolean
      >,
    [staleKey],
  )

  // RESTORED, not STALE, for a layer whose state came from the gateway's log (layerFreshness.ts).
  const marksKey = words.map((word) => (word === 'restored' ? 'r' : 'l')).join('')
  const restoredLayers = useMemo(
    () =>
      Object.fromEntries(FEED_LAYER_KEYS.map((k, i) => [k, marksKey[i] === 'r'])) as Record<
        FeedLayerKey,
        boolean
      >,
    [marksKey],
  )

  // Load the level's plan; a failure is shown in the panel and the live layers still draw.
  const host = useHost()
  useEffect(() => {
    if (!level) return
    let cancelled = false
    // loadFloorPlan turns every failure into a result; the handler is for a bug.
    runDetached(
      loadFloorPlan(host, level).then((result) => {
        if (cancelled) return
        setPlan(
          result.ok
            ? { levelId: level.id, plan: result.plan, error: null }
            : { levelId: level.id, plan: null, error: result.error },
        )
      }),
      logDetachedFailure('floor plan load'),
    )
    return () => {
      cancelled = true
    }
  }, [host, level])
  const currentPlan = plan?.levelId === level?.id ? plan : null

  // The outage footprint and the staff-badge check follow the store in O(changes) per flush, in
  // this map's own model (MapModel.ts); the panel re-renders only when an answer changes.
  const [model] = useState(() => new MapModel(watchfloorStore, stale.network))
  useEffect(() => model.start(), [model])
  useLayoutEffect(() => model.setNetworkStale(stale.network), [model, stale.network])
  const { footprint, staffBadgesPresent } = useSyncExternalStore(model.subscribe, model.getSnapshot)
  const changeWindowMs = (settings.changeWindowMinutes ?? 15) * 60_000

  // What to frame: a followed alarm's footprint, else the configured area, else the whole level.
  const bounds = useMemo(
    () =>
      (followed?.levelId === level?.id ? followed?.area : null) ??
      settings.area ??
      currentPlan?.plan?.bounds ??
      levelBoundsFromModel(siteModel, level?.id),
    [followed, settings.area, currentPlan, siteModel, level],
  )
  // A wall folds long floors to fill its panel; a desktop (panned and zoomed) fits them whole.
  const frame = useMemo((): Frame | null => {
    if (!bounds || size.width === 0) return null
    return frameArea(bounds, size.width, size.height, {
      padding: interactive ? desktopPadding(size.width, size.height) : WALL_PADDING,
      gap: WALL_BAND_GAP,
      maxBands: interactive ? 1 : 3,
      // Ward names are drawn above their outline: room for one line of them in every band.
      headroom: Math.ceil(PLAN_LABEL_PX * labelScale * 1.2),
    })
  }, [bounds, size, interactive, labelScale])
  const framed = frame?.bands[0]?.view ?? null
  // A locate (search hit, "show outage", a focus request) may change level: its focus waits for
  // that level's framing, then wins over it, so the view lands on the thing, not the whole floor.
  const pendingFocus = useRef<{ levelId: string; view: ViewState } | null>(null)
  // The level whose view someone chose (a locate, or panning): re-framing (the plan arriving, a
  // resize) must not throw their view away. Choosing another level frames it afresh.
  const viewChosenFor = useRef<string | null>(null)
  useEffect(() => {
    const focus = pendingFocus.current
    if (focus && focus.levelId === level?.id) {
      pendingFocus.current = null
      viewChosenFor.current = focus.levelId
      setViewState(focus.view)
    } else if (viewChosenFor.current !== level?.id) {
      viewChosenFor.current = null
      setViewState(framed)
    }
  }, [framed, level])
  const focusOn = (targetLevelId: string, view: ViewState): void => {
    if (targetLevelId === level?.id) {
      viewChosenFor.current = targetLevelId
      setViewState(view)
    } else {
      pendingFocus.current = { levelId: targetLevelId, view }
      setLevelId(targetLevelId)
    }
  }
  const focusOnPoint = (targetLevelId: string, x: number, y: number, zoom: number): void =>
    focusOn(targetLevelId, { target: [x, y, 0], zoom })

  // A request in the store to show a place (an alarm's "Show", a floor picked on the overview):
  // act on it while it is pending, then settle it so a map mounted later does not repeat it.
  const sizeRef = useRef(size)
  sizeRef.current = size
  useEffect(() => {
    if (!mapFocus?.pending) return
    const { width, height } = sizeRef.current
    // Not laid out yet (just mounted by a board switch): act once the panel has a size.
    if (width === 0) return
    watchfloorStore.getState().settleMapFocus(mapFocus.seq)
    if (!siteModel.levels.some((l) => l.id === mapFocus.levelId)) return
    const area: LevelArea | null = mapFocus.area
    if (area) focusOn(mapFocus.levelId, fitBounds(area, width, height, desktopPadding(width, height)))
    else {
      viewChosenFor.current = null
      setLevelId(mapFocus.levelId)
      if (mapFocus.levelId === level?.id) setViewState(framed)
    }
    setNote(
      mapFocus.reason === null
        ? null
        : { reason: mapFocus.reason, priority: null, fingerprint: mapFocus.fingerprint, dismissable: true },
    )
    // Only a request (or the first size) moves the map: the level and framing are read as they are.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [mapFocus, size.width > 0])
  const shownNote = followed?.note ?? note
  // A wall draws every band at the frame's scale; a desktop its own view (panned and zoomed).
  const effectiveView = (interactive ? viewState : framed) ?? framed

  // Asset ids in the layers' row order (written by MapDeckLayers), to resolve a picked index.
  const assetIdsRef = useRef<readonly string[]>([])

  // deck.gl owns a canvas inside this div; React owns everything around it.
  const containerRef = useRef<HTMLDivElement | null>(null)
  const deckRef = useRef<OnDemandDeck | null>(null)
  const handlersRef = useRef<{ onPick: (info: PickingInfo, click: boolean) => void } | null>(null)
  handlersRef.current = {
    onPick: (info, click) => {
      const resolved = resolvePick(info, assetIdsRef.current)
      if (click) {
        if (resolved && resolved.kind !== 'unit') select({ kind: resolved.kind, id: resolved.id })
        else if (!resolved) select(null)
        setPinned(resolved)
      }
      setPick(resolved)
    },
  }

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    // Drawn on demand: only when layers or the view change (OnDemandDeck.ts), never a 60 fps loop.
    const deck = new OnDemandDeck({
      parent: container,
      views: [new OrthographicView({ id: 'floor', flipY: false })],
      controller: false,
      layers: [],
      // Wall PCs drive 4K panels from modest GPUs: 1 device pixel per CSS pixel is plenty for a plan.
      useDevicePixels: theme === 'wall' ? 1 : true,
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      onHover: (info) => handlersRef.current?.onPick(info, false),
      onClick: (info) => handlersRef.current?.onPick(info, true),
      onAfterRender: countMapFrame,
      onResize: countMapResize,
    })
    deckRef.current = deck
    floorMapProbe.deck = deck
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect
      if (rect) setSize({ width: Math.round(rect.width), height: Math.round(rect.height) })
    })
    observer.observe(container)
    return () => {
      observer.disconnect()
      deck.finalize()
      deckRef.current = null
      if (floorMapProbe.deck === deck) floorMapProbe.deck = null
    }
  }, [theme])

  // One view per band: a wall's folded floor is two or three views of the same layers, each
  // clipped to its band; a desktop has one view it pans and zooms.
  const views = useMemo(() => {
    if (interactive || !frame) return [new OrthographicView({ id: 'floor', flipY: false })]
    return frame.bands.map(
      (b, i) =>
        new OrthographicView({
          id: `band-${i}`,
          flipY: false,
          x: Math.round(b.x),
          y: Math.round(b.y),
          width: Math.round(b.width),
          height: Math.round(b.height),
        }),
    )
  }, [interactive, frame])

  const viewStates = useMemo(() => {
    if (!effectiveView) return null
    const limits = { minZoom: -4, maxZoom: 7 }
    return interactive || !frame
      ? { floor: { ...effectiveView, ...limits } }
      : Object.fromEntries(frame.bands.map((b, i) => [`band-${i}`, { ...b.view, ...limits }]))
  }, [effectiveView, interactive, frame])
  // Panning a desktop map: the level whose view the operator chose is read when the view moves.
  const levelIdRef = useRef(level?.id)
  levelIdRef.current = level?.id
  const onViewStateChange = useCallback((v: ViewState): void => {
    viewChosenFor.current = levelIdRef.current ?? null
    setViewState({ target: v.target, zoom: v.zoom })
  }, [])

  const footprintUnitsOnLevel = currentPlan?.plan
    ? currentPlan.plan.units.filter((u) => u.unitId !== null && footprint.unitIds.has(u.unitId)).length
    : 0
  /** Jumps to the level of the first down device that serves this outage, framed on it. */
  const showOutage = (): void => {
    for (const id of footprint.deviceIds) {
      const d = watchfloorStore.getState().entities.network.get(id)
      if (d?.levelId && d.x !== null && d.y !== null) {
        select({ kind: 'device', id: d.id })
        focusOnPoint(d.levelId, d.x, d.y, 4)
        return
      }
    }
  }
  const siteBuildings = siteModel.buildings.filter((b) => b.siteId === siteId)
  const sitesLevels = siteModel.levels
    .filter((l) => l.siteId === siteId)
    .sort((a, b) => b.ordinal - a.ordinal)
  const toggle = (key: MapLayerKey): void => setVisibility((v) => ({ ...v, [key]: !v[key] }))
  const site = siteModel.sites.find((s) => s.id === siteId)
  const building = siteModel.buildings.find((b) => b.id === level?.buildingId)
  const seams = frame && !interactive ? frame.bands.slice(1) : []

  return (
    <div
      className={`fm-root fm-${theme}`}
      data-testid="floor-map"
      data-level={level?.id ?? ''}
      data-plan={currentPlan?.plan ? 'loaded' : currentPlan?.error ? 'error' : 'loading'}
      data-outage-units={footprintUnitsOnLevel}
      data-zoom={effectiveView ? effectiveView.zoom.toFixed(1) : ''}
      data-bands={interactive ? 1 : (frame?.bands.length ?? 0)}
      data-following={followed?.note.fingerprint ?? ''}
    >
      <div className="fm-canvas" ref={containerRef}>
        {seams.map((b, i) => (
          // A fold is a seam to read across: marked, so nobody takes it for a wall.
          <div
            key={i}
            className="fm-seam"
            style={{ top: b.y - WALL_BAND_GAP / 2, left: b.x, width: b.width }}
            aria-hidden="true"
          />
        ))}
      </div>
      <MapDeckLayers
        deck={deckRef}
        siteModel={siteModel}
        plan={currentPlan?.plan ?? null}
        levelId={level?.id ?? ''}
        footprint={footprint}
        stale={stale}
        visibility={visibility}
        hiddenAssetTypes={hiddenAssetTypes}
        zoom={effectiveView?.zoom ?? 0}
        selection={selection}
        labelScale={labelScale}
        changeWindowMs={changeWindowMs}
        views={views}
        viewStates={viewStates}
        interactive={interactive}
        onViewStateChange={interactive ? onViewStateChange : undefined}
        assetIds={assetIdsRef}
      />
      <div className="fm-topbar">
        <span className="fm-place" data-testid="map-place">
          {site?.shortName ?? ''} · {building?.name ?? ''} · {level?.name ?? 'No level'}
        </span>
        <MapFreshnessNote keys={FEED_LAYER_KEYS} shown={(k) => visibility[k]} />
        {interactive && (
          <>
            <select
              aria-label="Site"
              value={siteId ?? ''}
              onChange={(e) => {
                setNote(null)
                setLevelId(defaultLevel(siteModel, e.target.value)?.id)
              }}
            >
              {siteModel.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <select
              aria-label="Level"
              value={level?.id ?? ''}
              onChange={(e) => {
                setNote(null)
                setLevelId(e.target.value)
              }}
            >
              {siteBuildings.map((b) => (
                <optgroup key={b.id} label={b.name}>
                  {sitesLevels
                    .filter((l) => l.buildingId === b.id)
                    .map((l) => (
                      <option key={l.id} value={l.id}>
                        {b.name} · {l.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <button
              type="button"
              className="fm-fit"
              onClick={() => {
                viewChosenFor.current = null
                setViewState(framed)
              }}
            >
              Fit
            </button>
            <LiveMapSearchBox
              siteModel={siteModel}
              onLocate={(hit) => {
                if (hit.kind !== 'unit') select({ kind: hit.kind, id: hit.id })
                setPinned(
                  hit.kind === 'unit'
                    ? { kind: 'unit', id: hit.id, name: hit.label }
                    : { kind: hit.kind, id: hit.id },
                )
                setNote(null)
                focusOnPoint(hit.levelId, hit.x, hit.y, 4.5)
              }}
            />
          </>
        )}
        {shownNote && (
          <div
            className={`fm-reason${shownNote.priority ? ` prio-${shownNote.priority}` : ''}`}
            data-testid="map-reason"
            role="status"
          >
            <span className="fm-reason-text">
              {shownNote.reason}
              {shownNote.dismissable ? null : <span className="fm-reason-until"> · until acknowledged</span>}
            </span>
            {shownNote.dismissable ? (
              <button type="button" className="fm-reason-close" onClick={() => setNote(null)}>
                Close
              </button>
            ) : null}
          </div>
        )}
      </div>
      <MapLegend
        visibility={visibility}
        stale={stale}
        restored={restoredLayers}
        interactive={interactive}
        onToggle={toggle}
        footprint={footprint}
        changeWindowMinutes={changeWindowMs / 60_000}
        onShowOutage={interactive ? showOutage : undefined}
        onListOutage={interactive ? () => setOutageList(true) : undefined}
        hiddenAssetTypes={hiddenAssetTypes}
        staffBadgesPresent={staffBadgesPresent}
        onToggleAssetType={(type) => setHiddenAssetTypes((h) => toggleType(h, type))}
        onShowAllAssetTypes={() => setHiddenAssetTypes(new Set())}
        folded={interactive && (keyFolded ?? (size.height > 0 && size.height < KEY_FOLD_BELOW_PX))}
        onFold={interactive ? setKeyFolded : undefined}
      />
      {currentPlan?.error && <div className="fm-plan-error">Floor plan unavailable: {currentPlan.error}</div>}
      {interactive && <MapDetails pick={pick ?? pinned} now={now} />}
      {outageList && footprint.deviceIds.length > 0 && (
        <LiveOutageList
          siteModel={siteModel}
          footprint={footprint}
          now={now}
          onClose={() => setOutageList(false)}
        />
      )}
    </div>
  )
}

/** Bounds of a level from its units when the plan has not loaded. */
function levelBoundsFromModel(
  siteModel: SiteModel,
  levelId: string | undefined,
): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null
  for (const u of siteModel.units) {
    if (u.levelId !== levelId) continue
    for (const [x, y] of u.outline) {
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y]
    }
  }
  return b
}

/** The desktop's search box, following the equipment and devices it searches (re-renders per batch alone). */
function LiveMapSearchBox(
  props: Omit<Parameters<typeof MapSearchBox>[0], 'assets' | 'devices'>,
): ReactElement {
  const assets = useWatchfloor((s) => s.entities.assets)
  const devices = useWatchfloor((s) => s.entities.network)
  return <MapSearchBox {...props} assets={assets} devices={devices} />
}

/** The outage's named wards, beds and equipment, kept current while the dialog is open. */
function LiveOutageList(props: {
  readonly siteModel: SiteModel
  readonly footprint: OutageFootprint
  readonly now: number
  readonly onClose: () => void
}): ReactElement {
  const beds = useWatchfloor((s) => s.entities.beds)
  const assets = useWatchfloor((s) => s.entities.assets)
  const devices = useWatchfloor((s) => s.entities.network)
  return (
    <OutageListDialog
      report={buildOutageReport(props.siteModel, props.footprint, devices, beds, assets)}
      now={props.now}
      onClose={props.onClose}
    />
  )
}
