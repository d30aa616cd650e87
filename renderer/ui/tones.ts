/**
 * Status tones: a colour-blind-safe palette (Okabe & Ito) where every tone also has a glyph, so
 * no status is told by colour alone (WCAG 1.4.1). The colours live in CSS variables per theme.
 */
import type { AlarmPriority } from '../../shared/contracts/alarms.ts'
import type {
  AssetState,
  BedStatus,
  CyberSeverity,
  DeviceStatus,
  SourceStatus,
} from '../../shared/contracts/entities.ts'
import type { Freshness } from '../../shared/domain/freshness.ts'

export const TONES = ['ok', 'warn', 'critical', 'info', 'accent', 'purple', 'neutral', 'replay'] as const
export type Tone = (typeof TONES)[number]

export type ToneMark = { readonly tone: Tone; readonly glyph: string }

/** Device and source health: ● up, ▲ degraded, ✕ down, ? unknown. */
export const DEVICE_STATUS_MARK: Readonly<Record<DeviceStatus, ToneMark>> = {
  up: { tone: 'ok', glyph: '●' },
  degraded: { tone: 'warn', glyph: '▲' },
  down: { tone: 'critical', glyph: '✕' },
  unknown: { tone: 'neutral', glyph: '?' },
}

export const SOURCE_STATUS_MARK: Readonly<Record<SourceStatus, ToneMark>> = {
  up: DEVICE_STATUS_MARK.up,
  degraded: DEVICE_STATUS_MARK.degraded,
  down: DEVICE_STATUS_MARK.down,
}

/** Beds carry their HL7 table 0116 letter (R for reserved, which has no HL7 code). */
export const BED_STATUS_MARK: Readonly<Record<BedStatus, ToneMark>> = {
  occupied: { tone: 'accent', glyph: 'O' },
  unoccupied: { tone: 'ok', glyph: 'U' },
  housekeeping: { tone: 'warn', glyph: 'H' },
  closed: { tone: 'neutral', glyph: 'C' },
  isolated: { tone: 'purple', glyph: 'I' },
  contaminated: { tone: 'critical', glyph: 'K' },
  reserved: { tone: 'info', glyph: 'R' },
  unknown: { tone: 'neutral', glyph: '?' },
}

export const ASSET_STATE_MARK: Readonly<Record<AssetState, ToneMark>> = {
  available: { tone: 'ok', glyph: '●' },
  'in-use': { tone: 'accent', glyph: '◆' },
  cleaning: { tone: 'warn', glyph: '◐' },
  maintenance: { tone: 'neutral', glyph: '⚒' },
}

export const SEVERITY_MARK: Readonly<Record<CyberSeverity, ToneMark>> = {
  critical: { tone: 'critical', glyph: '‼' },
  high: { tone: 'critical', glyph: '!' },
  medium: { tone: 'warn', glyph: '▲' },
  low: { tone: 'info', glyph: '▼' },
  info: { tone: 'neutral', glyph: 'i' },
}

/** IEC 60601-1-8 colours: high red, medium yellow, low cyan. */
export const ALARM_PRIORITY_MARK: Readonly<Record<AlarmPriority, ToneMark>> = {
  high: { tone: 'critical', glyph: '!!!' },
  medium: { tone: 'warn', glyph: '!!' },
  low: { tone: 'info', glyph: '!' },
}

export const FRESHNESS_MARK: Readonly<Record<Freshness, ToneMark>> = {
  live: { tone: 'ok', glyph: '●' },
  stale: { tone: 'critical', glyph: '◌' },
  unknown: { tone: 'neutral', glyph: '?' },
  // Neither the green of live nor the red of stale: the state is the last known, not confirmed.
  restored: { tone: 'warn', glyph: '↺' },
  // Replay's own colour (theme.css `--replay`), used for nothing else.
  replay: { tone: 'replay', glyph: '◷' },
}

/** The word a freshness badge shows (the same everywhere a feed's, a panel's or a trust's freshness is shown). */
export const FRESHNESS_WORD: Readonly<Record<Freshness, string>> = {
  live: 'LIVE',
  stale: 'STALE',
  unknown: 'NO DATA',
  restored: 'RESTORED',
  replay: 'REPLAY',
}
