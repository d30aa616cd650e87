/**
 * Turns one RTLS MQTT message into an asset position, following the source's configured mapping.
 * Pure (no I/O, no clock of its own) so every branch is unit-tested; the adapter owns transport,
 * ordering and status.
 *
 * Reject reasons name the field and the tag or zone id, never the payload: it is logged.
 */
import type { Asset } from '../../../shared/contracts/entities.ts'
import type { SiteModel } from '../../../shared/contracts/places.ts'
import { assertNever } from '../../../shared/util/assertNever.ts'
import { createUnitLocator } from './createUnitLocator.ts'
import type { FieldRef, MqttSourceConfig } from './mqttSourceConfig.ts'

export type PositionResult =
  { readonly ok: true; readonly asset: Asset } | { readonly ok: false; readonly reason: string }

/** Maps a message (topic + raw payload) received at `receivedAt` (epoch ms). */
export type PositionMapper = (
  topic: string,
  payload: Uint8Array | string,
  receivedAt: number,
) => PositionResult

type Getter = (payload: unknown, topicLevels: readonly string[]) => unknown

const decoder = new TextDecoder('utf-8', { fatal: true })

export function createPositionMapper(config: MqttSourceConfig, siteModel: SiteModel): PositionMapper {
  const { mapping } = config
  const locate = createUnitLocator(siteModel)
  const siteOfLevel = new Map(siteModel.levels.map((l) => [l.id, l.siteId] as const))
  const get = {
    tagId: compile(mapping.tagId),
    x: mapping.x === undefined ? null : compile(mapping.x),
    y: mapping.y === undefined ? null : compile(mapping.y),
    zone: mapping.zone === undefined ? null : compile(mapping.zone),
    level: mapping.level === undefined ? null : compile(mapping.level),
    battery: mapping.battery === undefined ? null : compile(mapping.battery),
    time: mapping.time === undefined ? null : compile(mapping.time),
  }
  const fail = (reason: string): PositionResult => ({ ok: false, reason })

  return (topic, raw, receivedAt) => {
    let payload: unknown
    try {
      payload = JSON.parse(typeof raw === 'string' ? raw : decoder.decode(raw))
    } catch (error) {
      return fail(`payload is not JSON (${error instanceof Error ? error.name : 'parse error'})`)
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return fail('payload is not a JSON object')
    }
    const topicLevels = topic.split('/')

    const tagId = idOf(get.tagId(payload, topicLevels))
    if (tagId === null) return fail('tag id missing or not a string/number')
    const tag = config.tags[tagId]
    let type: Asset['type']
    let label: string
    let homeUnitId: string | null
    let state: Asset['state']
    if (tag !== undefined) {
      ;({ type, label, homeUnitId, state } = tag)
    } else if (config.unknownTags.action === 'accept') {
      type = config.unknownTags.type
      label = tagId.slice(0, 64)
      homeUnitId = config.unknownTags.homeUnitId
      state = 'available'
    } else {
      return fail(`unknown tag ${tagId}`)
    }

    // Time first: a position without a trustworthy time cannot be ordered against others.
    let time = receivedAt
    if (get.time !== null) {
      const parsed = parseTime(get.time(payload, topicLevels), mapping.timeFormat)
      if (parsed === null) return fail(`time missing or not ${mapping.timeFormat} (tag ${tagId})`)
      if (parsed > receivedAt + config.maxFutureSkewMs) return fail(`time is in the future (tag ${tagId})`)
      time = parsed
    }

    let battery: number | null = null
    if (get.battery !== null) {
      const value = get.battery(payload, topicLevels)
      if (value !== undefined && value !== null) {
        const n = numberOf(value)
        if (n === null) return fail(`battery is not a number (tag ${tagId})`)
        const pct = mapping.batteryFormat === 'fraction' ? n * 100 : n
        if (pct < 0 || pct > 100) return fail(`battery out of range (tag ${tagId})`)
        battery = pct
      }
    }

    // Zone or reader, when mapped and present.
    let zoneKey: string | null = null
    if (get.zone !== null) {
      const value = get.zone(payload, topicLevels)
      if (value !== undefined && value !== null) {
        zoneKey = idOf(value)
        if (zoneKey === null) return fail(`zone is not a string/number (tag ${tagId})`)
      }
    }
    const zone = zoneKey === null ? undefined : config.zones[zoneKey]
    if (zoneKey !== null && zone === undefined) return fail(`unknown zone ${zoneKey} (tag ${tagId})`)

    const rawX = get.x === null ? undefined : get.x(payload, topicLevels)
    const rawY = get.y === null ? undefined : get.y(payload, topicLevels)
    const hasXY = rawX !== undefined && rawX !== null && rawY !== undefined && rawY !== null

    let levelId: string | null = null
    if (get.level !== null) {
      const value = get.level(payload, topicLevels)
      if (value !== undefined && value !== null) {
        const key = idOf(value)
        if (key === null) return fail(`level is not a string/number (tag ${tagId})`)
        levelId = config.levels[key] ?? key
      }
    }

    let x: number
    let y: number
    let zoneId: string | null
    if (hasXY) {
      const nx = numberOf(rawX)
      const ny = numberOf(rawY)
      if (nx === null || ny === null) return fail(`x/y are not numbers (tag ${tagId})`)
      x = nx
      y = ny
      levelId ??= zone?.levelId ?? null
      if (levelId === null) return fail(`level missing (tag ${tagId})`)
      zoneId = zone !== undefined ? zone.zoneId : locate(levelId, x, y)
    } else if (zone !== undefined) {
      // A reader's fix is its zone's centre; the reader's level wins over a reported one.
      x = zone.x
      y = zone.y
      levelId = zone.levelId
      zoneId = zone.zoneId
    } else {
      return fail(`no position: neither x/y nor a zone (tag ${tagId})`)
    }

    const siteId = siteOfLevel.get(levelId)
    if (siteId === undefined) return fail(`unknown level ${levelId} (tag ${tagId})`)

    return {
      ok: true,
      asset: {
        id: tagId,
        type,
        label,
        siteId,
        levelId,
        x,
        y,
        zoneId,
        homeUnitId,
        lastSeen: time,
        battery,
        state,
      },
    }
  }
}

function compile(ref: FieldRef): Getter {
  if (typeof ref !== 'string') {
    const index = ref.topicLevel
    return (_payload, topicLevels) => topicLevels[index]
  }
  const steps = ref.split('.')
  return (payload) => {
    let node: unknown = payload
    for (const step of steps) {
      if (typeof node !== 'object' || node === null) return undefined
      // Own properties only: a path such as "__proto__" must not reach into the prototype.
      if (!Object.hasOwn(node, step)) return undefined
      node = (node as Record<string, unknown>)[step]
    }
    return node
  }
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    return trimmed.length > 0 && trimmed.length <= 128 ? trimmed : null
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return null
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value)
    return Number.isFinite(n) ? n : null
  }
  return null
}

function parseTime(value: unknown, format: MqttSourceConfig['mapping']['timeFormat']): number | null {
  let ms: number | null
  switch (format) {
    case 'iso':
      // Date.parse also accepts loose forms ("1"); insist on a date-time with a zone designator.
      ms =
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
          ? Date.parse(value)
          : null
      break
    case 'epoch-s': {
      const n = numberOf(value)
      ms = n === null ? null : n * 1000
      break
    }
    case 'epoch-ms':
      ms = numberOf(value)
      break
    default:
      return assertNever(format, 'time format')
  }
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null
  return Math.round(ms)
}
