/**
 * The floor map panel: beds, tracked equipment, network and cyber on one level of one site.
 *
 * Desktop: pan and zoom, hover and click for details, search to locate, layer toggles, a level and
 * site switcher. Wall: fixed framing chosen by the panel's settings (site, level, area), no
 * interaction, larger labels. A layer whose feed is stale is washed grey and flagged in the legend.
 */
import { Deck, OrthographicView, type PickingInfo } from '@deck.gl/core'
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { z } from 'zod'
import {
  assetTypeSchema,
  type Asset,
  type AssetType,
  type NetworkDevice,
  type Topic,
} from '../../../shared/contracts/entities.ts'
import { useTopicsFreshness } from '../../state/useTopicFreshness.ts'
import type { Level, SiteModel } from '../../../shared/contracts/places.ts'
import { TableIndex } from '../../../shared/util/TableIndex.ts'
import { TableSubset } from '../../../shared/util/TableSubset.ts'
import type { ThemeName } from '../../state/types.ts'
import { useWatchfloor } from '../../state/watchfloorStore.ts'
import { useNow } from '../../ui/useNow.ts'
import type { FloorPlan } from './floorPlan.ts'
import { floorMapProbe } from './floorMapProbe.ts'
import { loadFloorPlan } from './floorPlanSource.ts'
import { MapDetails, type MapPick } from './MapDetails.tsx'
import { MapLegend } from './MapLegend.tsx'
import { MapSearchBox } from './MapSearchBox.tsx'
import { OutageListDialog } from './OutageListDialog.tsx'
import { buildOutageReport } from './outageReport.ts'
import { initialHiddenTypes, toggleType } from './equipmentTypes.ts'
import { downDeviceIds, footprintOf, isOutageDevice } from './outageFootprint.ts'
import { useRecentChanges } from './useRecentChanges.ts'
import { MAP_LAYER_KEYS, useMapLayers, type LayerVisibility, type MapLayerKey } from './useMapLayers.ts'
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
})
export type FloorMapSettings = z.infer<typeof floorMapSettingsSchema>

export type FloorMapPanelProps = {
  readonly panel: { readonly id: string; readonly title?: string; readonly settings?: unknown }
  readonly theme: ThemeName
}

type ViewState = { target: [number, number, number]; zoom: number }

const MAP_TOPICS: readonly Topic[] = ['beds', 'assets', 'network', 'cyber']
const NO_IDS: readonly string[] = []

const DEFAULT_VISIBILITY: LayerVisibility = {
  beds: true,
  assets: true,
  network: true,
  cyber: true,
  changes: true,
}

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
  const labelScale = theme === 'wall' ? 1.35 : 1
  const [levelId, setLevelId] = useState<string | undefined>(
    () => settings.levelId ?? defaultLevel(siteModel, settings.siteId)?.id,
  )
  const level = siteModel.levels.find((l) => l.id === levelId) ?? defaultLevel(siteModel, settings.siteId)
  const siteId = level?.siteId
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

  const beds = useWatchfloor((s) => s.entities.beds)
  const assets = useWatchfloor((s) => s.entities.assets)
  const devices = useWatchfloor((s) => s.entities.network)
  const alerts = useWatchfloor((s) => s.entities.cyber)
  const selection = useWatchfloor((s) => s.selection)
  const select = useWatchfloor((s) => s.select)
  // Whole seconds: ages and fading need no finer, and memos keyed on it hold for a second.
  const now = Math.floor(useNow(1000) / 1000) * 1000
  const devicesRef = useRef(devices)
  devicesRef.current = devices
  const assetsRef = useRef(assets)
  assetsRef.current = assets

  // A layer is live only while its feed is confirmed live and the hub is connected: the same rule
  // as the status strip, so the map and the strip never disagree about staleness.
  const freshness = useTopicsFreshness(MAP_TOPICS)
  const staleKey = freshness.map((f) => (f.freshness === 'live' ? '1' : '0')).join('')
  const stale = useMemo(
    () => ({
      beds: staleKey[0] !== '1',
      assets: staleKey[1] !== '1',
      network: staleKey[2] !== '1',
      cyber: staleKey[3] !== '1',
    }),
    [staleKey],
  )

  // Load the level's plan; a failure is shown in the panel and the live layers still draw.
  useEffect(() => {
    if (!level) return
    let cancelled = false
    // loadFloorPlan turns every failure into a result; the handler is for a bug.
    runDetached(
      loadFloorPlan(level).then((result) => {
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
  }, [level])
  const currentPlan = plan?.levelId === level?.id ? plan : null

  // The down devices follow the network table in O(changes); their areas are recomputed only
  // when that set changes.
  const [outageTracker] = useState(() => new TableSubset<NetworkDevice>())
  const downDevices = useMemo(
    () => outageTracker.update(devices, 'down', isOutageDevice),
    [outageTracker, devices],
  )
  const downKey = useMemo(
    () => (stale.network ? '' : downDeviceIds(downDevices).join('\n')),
    [downDevices, stale.network],
  )
  const areas = useMemo(
    () => footprintOf(siteModel, devicesRef.current, downKey ? downKey.split('\n') : []),
    [siteModel, downKey],
  )
  // The assets inside are listed on the 1 s clock (and when the areas change) from an index of
  // tags by zone that follows the assets table in O(changes) — never a 40,000-tag pass.
  const areasRef = useRef(areas)
  areasRef.current = areas
  const [tagsByZone] = useState(() => new TableIndex<Asset>((a) => a.zoneId))
  const affectedAssets = useMemo(() => {
    const current = areasRef.current
    if (current.deviceIds.length === 0) return NO_IDS
    tagsByZone.update(assetsRef.current)
    const ids: string[] = []
    for (const unitId of current.unitIds) for (const id of tagsByZone.members(unitId)) ids.push(id)
    return ids
    // Read through refs; `now` and `areas` are the triggers (the 1 s clock, a new footprint).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed on the clock, not per asset update
  }, [tagsByZone, now, areas])
  const footprint = useMemo(
    () => (areas.deviceIds.length === 0 ? areas : { ...areas, assetIds: affectedAssets }),
    [areas, affectedAssets],
  )
  // Whether the feed carries staff badges at all (few roles get them): checked on the 1 s clock,
  // stopping at the first one, never per flush.
  const staffBadgesPresent = useMemo(() => {
    for (const a of assetsRef.current.values()) if (a.type === 'staff-badge') return true
    return false
    // eslint-disable-next-line react-hooks/exhaustive-deps -- now is the trigger: checked on the 1 s clock, not per flush
  }, [now])
  const changeWindowMs = (settings.changeWindowMinutes ?? 15) * 60_000
  const changes = useRecentChanges(siteModel, level?.id ?? '', now, changeWindowMs)

  // Frame the level (or the configured area) whenever the level, plan or panel size changes.
  const framed = useMemo(() => {
    const bounds = settings.area ?? currentPlan?.plan?.bounds ?? levelBoundsFromModel(siteModel, level?.id)
    return bounds && size.width > 0 ? fitBounds(bounds, size.width, size.height, interactive ? 32 : 12) : null
  }, [settings.area, currentPlan, siteModel, level, size, interactive])
  // A locate (search hit, "show outage") may change level: its focus waits for that level's
  // framing, then wins over it, so the view lands on the thing and not on the whole floor.
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
  const focusOn = (levelId: string, x: number, y: number, zoom: number): void => {
    const view: ViewState = { target: [x, y, 0], zoom }
    if (levelId === level?.id) {
      viewChosenFor.current = levelId
      setViewState(view)
    } else {
      pendingFocus.current = { levelId, view }
      setLevelId(levelId)
    }
  }
  const effectiveView = (interactive ? viewState : framed) ?? framed

  const { layers, assetIds } = useMapLayers({
    siteModel,
    plan: currentPlan?.plan ?? null,
    levelId: level?.id ?? '',
    beds,
    assets,
    devices,
    alerts,
    footprint,
    changes,
    stale,
    visibility,
    hiddenAssetTypes,
    zoom: effectiveView?.zoom ?? 0,
    now,
    selection,
    labelScale,
    changeWindowMs,
  })

  // deck.gl owns a canvas inside this div; React owns everything around it.
  const containerRef = useRef<HTMLDivElement | null>(null)
  const deckRef = useRef<Deck<OrthographicView> | null>(null)
  const handlersRef = useRef<{ onPick: (info: PickingInfo, click: boolean) => void } | null>(null)
  handlersRef.current = {
    onPick: (info, click) => {
      const resolved = resolvePick(info, assetIds)
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
    const deck = new Deck<OrthographicView>({
      parent: container,
      views: new OrthographicView({ id: 'floor', flipY: false }),
      controller: false,
      layers: [],
      // Wall PCs drive 4K panels from modest GPUs: 1 device pixel per CSS pixel is plenty for a plan.
      useDevicePixels: theme === 'wall' ? 1 : true,
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      onHover: (info) => handlersRef.current?.onPick(info, false),
      onClick: (info) => handlersRef.current?.onPick(info, true),
      onAfterRender: () => {
        floorMapProbe.framesDrawn++
      },
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

  useEffect(() => {
    const deck = deckRef.current
    if (!deck || !effectiveView) return
    deck.setProps({
      layers,
      viewState: { ...effectiveView, minZoom: -4, maxZoom: 7 },
      controller: interactive
        ? { doubleClickZoom: true, scrollZoom: true, dragPan: true, dragRotate: false }
        : false,
      onViewStateChange: interactive
        ? ({ viewState: next }) => {
            const v = next as ViewState
            viewChosenFor.current = level?.id ?? null
            setViewState({ target: v.target, zoom: v.zoom })
            return next
          }
        : undefined,
    })
    // The handler is replaced whenever the layers change, and they change with the level.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- level?.id is read when the view moves
  }, [layers, effectiveView, interactive])

  const footprintUnitsOnLevel = currentPlan?.plan
    ? currentPlan.plan.units.filter((u) => u.unitId !== null && footprint.unitIds.has(u.unitId)).length
    : 0
  /** Jumps to the level of the first down device that serves this outage, framed on it. */
  const showOutage = (): void => {
    for (const id of footprint.deviceIds) {
      const d = devices.get(id)
      if (d?.levelId && d.x !== null && d.y !== null) {
        select({ kind: 'device', id: d.id })
        focusOn(d.levelId, d.x, d.y, 4)
        return
      }
    }
  }
  const staleLayers = (['beds', 'assets', 'network', 'cyber'] as const).filter(
    (k) => visibility[k] && stale[k],
  )
  const siteBuildings = siteModel.buildings.filter((b) => b.siteId === siteId)
  const sitesLevels = siteModel.levels
    .filter((l) => l.siteId === siteId)
    .sort((a, b) => b.ordinal - a.ordinal)
  const toggle = (key: MapLayerKey): void => setVisibility((v) => ({ ...v, [key]: !v[key] }))
  const site = siteModel.sites.find((s) => s.id === siteId)

  return (
    <div
      className={`fm-root fm-${theme}`}
      data-testid="floor-map"
      data-level={level?.id ?? ''}
      data-plan={currentPlan?.plan ? 'loaded' : currentPlan?.error ? 'error' : 'loading'}
      data-outage-units={footprintUnitsOnLevel}
      data-zoom={effectiveView ? effectiveView.zoom.toFixed(1) : ''}
    >
      <div className="fm-canvas" ref={containerRef} />
      <div className="fm-topbar">
        <span className="fm-place">
          {site?.shortName ?? ''} · {siteModel.buildings.find((b) => b.id === level?.buildingId)?.name ?? ''}{' '}
          · {level?.name ?? 'No level'}
        </span>
        {staleLayers.length > 0 && (
          <span className="fm-stale fm-stale-big" data-testid="map-stale">
            STALE: {staleLayers.join(', ')}
          </span>
        )}
        {interactive && (
          <>
            <select
              aria-label="Site"
              value={siteId ?? ''}
              onChange={(e) => setLevelId(defaultLevel(siteModel, e.target.value)?.id)}
            >
              {siteModel.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <select aria-label="Level" value={level?.id ?? ''} onChange={(e) => setLevelId(e.target.value)}>
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
            <MapSearchBox
              siteModel={siteModel}
              assets={assets}
              devices={devices}
              onLocate={(hit) => {
                if (hit.kind !== 'unit') select({ kind: hit.kind, id: hit.id })
                setPinned(
                  hit.kind === 'unit'
                    ? { kind: 'unit', id: hit.id, name: hit.label }
                    : { kind: hit.kind, id: hit.id },
                )
                focusOn(hit.levelId, hit.x, hit.y, 4.5)
              }}
            />
          </>
        )}
      </div>
      <MapLegend
        visibility={visibility}
        stale={stale}
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
      />
      {currentPlan?.error && <div className="fm-plan-error">Floor plan unavailable: {currentPlan.error}</div>}
      {interactive && <MapDetails pick={pick ?? pinned} now={now} />}
      {outageList && footprint.deviceIds.length > 0 && (
        <OutageListDialog
          report={buildOutageReport(siteModel, footprint, devices, beds, assets)}
          now={now}
          onClose={() => setOutageList(false)}
        />
      )}
    </div>
  )
}

/** Resolves a deck.gl pick into what it stands for. */
function resolvePick(info: PickingInfo, assetIds: readonly string[]): MapPick | null {
  if (!info.picked || !info.layer) return null
  const object = info.object as Record<string, unknown> | undefined
  switch (info.layer.id) {
    case 'beds-tiles':
      return object && typeof object['id'] === 'string' ? { kind: 'bed', id: object['id'] } : null
    case 'assets-points': {
      const id = assetIds[info.index]
      return id ? { kind: 'asset', id } : null
    }
    case 'network-devices':
      return object && typeof object['id'] === 'string' ? { kind: 'device', id: object['id'] } : null
    case 'cyber-alerts': {
      const alert = object?.['alert'] as { id?: unknown } | undefined
      return typeof alert?.id === 'string' ? { kind: 'cyber-alert', id: alert.id } : null
    }
    case 'plan-units':
      return object && typeof object['featureId'] === 'string'
        ? {
            kind: 'unit',
            id: String(object['unitId'] ?? object['featureId']),
            name: String(object['name'] ?? ''),
          }
        : null
    default:
      return null
  }
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

/** The orthographic view that fits `bounds` in a `width` × `height` panel with `padding` pixels. */
export function fitBounds(
  bounds: readonly [number, number, number, number],
  width: number,
  height: number,
  padding: number,
): ViewState {
  const [minX, minY, maxX, maxY] = bounds
  const w = Math.max(1, maxX - minX)
  const h = Math.max(1, maxY - minY)
  const scale = Math.min((width - 2 * padding) / w, (height - 2 * padding) / h)
  return { target: [(minX + maxX) / 2, (minY + maxY) / 2, 0], zoom: Math.log2(Math.max(scale, 1e-3)) }
}
