/**
 * A parsed CEF event → a cyber alert (or the change to an existing one). Alerts are deduplicated
 * by a fingerprint of vendor, product, signature and affected host: a repeat of the same
 * signature on the same host raises `count` and `lastSeen` of the open alert instead of adding one.
 * The fingerprint is keyed with the install secret: the host is hidden from most roles, and an
 * unkeyed hash of it (the alert id every role sees) gave the host away in a few guesses.
 */
import type { CyberAlert, CyberSeverity } from '../../../shared/contracts/entities.ts'
import type { SourceOp } from '../../ingest/sourceAdapter.ts'
import type { CefEvent } from './parseCef.ts'
import { firstAlert, repeatOfAlert } from '../../../shared/domain/cyberAlertRepeat.ts'
import { tacticIdOf } from '../../../shared/domain/mitreTactics.ts'
import { createAddressClassifier, type HostKind } from '../../ingest/classifyAddress.ts'
import { isPlaced, type HostPlace } from '../../ingest/createHostMatcher.ts'
import type { KeyedHash } from '../../security/createKeyedHash.ts'

/**
 * CEF severity → ours. Numbers: 0–3 low, 4–6 medium, 7–8 high, 9–10 critical (the CEF bands).
 * Words: Unknown → info, Low, Medium, High, Very-High → critical. Anything else → info.
 */
export function cefSeverity(raw: string): CyberSeverity {
  const value = raw.trim()
  if (/^\d{1,2}$/.test(value)) {
    const n = Number(value)
    if (n <= 3) return 'low'
    if (n <= 6) return 'medium'
    if (n <= 8) return 'high'
    if (n <= 10) return 'critical'
    return 'info'
  }
  switch (value.toLowerCase().replace(/[\s_]/g, '-')) {
    case 'low':
      return 'low'
    case 'medium':
      return 'medium'
    case 'high':
      return 'high'
    case 'very-high':
    case 'veryhigh':
    case 'critical':
      return 'critical'
    default:
      return 'info'
  }
}

export type CefAlertOptions = {
  /** The adapter id, written to `source`. */
  readonly source: string
  /** Extension keys that may name the affected host, in order of preference among equals. */
  readonly hostKeys: readonly string[]
  /** Internal, external or a name (the source's `internalRanges`); RFC 1918 / RFC 4193 by default. */
  readonly classifyHost?: (host: string) => HostKind
  /** cs labels (or extension keys) that may carry the MITRE tactic / technique. */
  readonly tacticKeys: readonly string[]
  readonly techniqueKeys: readonly string[]
  readonly placeOf: (host: string | null) => HostPlace
  readonly current: (id: string) => CyberAlert | undefined
  readonly now: number
  readonly keyedHash: KeyedHash
}

const defaultClassifier = createAddressClassifier()

/** Lower is better: a host the mappings place, then one of the trust's addresses, then a name. */
const RANK: Readonly<Record<HostKind | 'placed', number>> = { placed: 0, internal: 1, name: 2, external: 3 }

/**
 * The host an alert is about. Of the configured keys present, the trust's own end wins: a host the
 * `hosts` mappings place, else an internal address (`internalRanges`), else a name, and an
 * external address only when nothing else is given — so an outbound C2 alert (`src` the ward PC,
 * `dst` the C2 server) lands on the ward PC, not off the map. Equals go by key order; with no key
 * present, the syslog sender.
 */
export function affectedHost(
  event: CefEvent,
  hostKeys: readonly string[],
  syslogHost: string | null,
  placeOf: (host: string | null) => HostPlace = () => ({ deviceId: null, siteId: null, unitId: null }),
  classifyHost: (host: string) => HostKind = defaultClassifier,
): string | null {
  let best: { value: string; rank: number } | null = null
  for (const key of hostKeys) {
    const raw = event.extensions[key]
    if (raw === undefined || raw.trim() === '') continue
    const value = raw.trim().slice(0, 128)
    const rank = isPlaced(placeOf(value)) ? RANK.placed : RANK[classifyHost(value)]
    if (best === null || rank < best.rank) best = { value, rank }
    if (rank === RANK.placed) break
  }
  if (best !== null) return best.value
  return syslogHost === null ? null : syslogHost.slice(0, 128)
}

export function alertIdOf(event: CefEvent, host: string | null, keyedHash: KeyedHash): string {
  const digest = keyedHash(
    'cyber-alert-id',
    ['cef', event.vendor, event.product, event.signatureId, (host ?? '').toLowerCase()].join('\u0000'),
  )
  return `cef-${digest.slice(0, 20)}`
}

/** The operation that records one CEF event: a new alert, or a count/lastSeen bump of an open one. */
export function cefToAlertOp(event: CefEvent, syslogHost: string | null, options: CefAlertOptions): SourceOp {
  const host = affectedHost(event, options.hostKeys, syslogHost, options.placeOf, options.classifyHost)
  const id = alertIdOf(event, host, options.keyedHash)
  const severity = cefSeverity(event.severity)
  const seenAt = eventTime(event, options.now)
  const existing = options.current(id)
  if (existing !== undefined && existing.status !== 'resolved') {
    return { topic: 'cyber', op: 'patch', id, changes: repeatOfAlert(existing, severity, seenAt) }
  }
  const place = options.placeOf(host)
  const alert = firstAlert(
    {
      id,
      source: options.source,
      severity,
      category: clip(event.extensions['cat'] || event.product || event.vendor || 'cef', 64),
      title: clip(event.name || event.signatureId || 'CEF event', 200),
      tactic: lookup(event, options.tacticKeys, tacticIdOf),
      technique: lookup(event, options.techniqueKeys, (v) =>
        /^T\d{4}(\.\d{3})?$/i.test(v.trim()) ? v.trim().toUpperCase() : null,
      ),
      host,
      deviceId: place.deviceId,
      siteId: place.siteId,
      unitId: place.unitId,
    },
    seenAt,
  )
  return { topic: 'cyber', op: 'upsert', entity: alert }
}

function lookup(
  event: CefEvent,
  keys: readonly string[],
  read: (value: string) => string | null,
): string | null {
  for (const key of keys) {
    const value = event.custom[key] ?? event.extensions[key]
    if (value === undefined) continue
    const parsed = read(value)
    if (parsed !== null) return parsed
  }
  return null
}

/**
 * `rt` (receipt time) or `end`/`start`: epoch ms or "MMM dd yyyy HH:mm:ss". Times more than a day
 * in the future (a device with a wrong clock) fall back to now.
 */
function eventTime(event: CefEvent, now: number): number {
  for (const key of ['rt', 'end', 'start']) {
    const raw = event.extensions[key]
    if (raw === undefined) continue
    const ms = /^\d{10,13}$/.test(raw)
      ? raw.length === 10
        ? Number(raw) * 1_000
        : Number(raw)
      : Date.parse(raw)
    if (Number.isFinite(ms) && ms > 0 && ms <= now + 86_400_000) return Math.trunc(ms)
  }
  return now
}

function clip(value: string, max: number): string {
  const trimmed = value.trim()
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed || 'unknown'
}
