import type { ReactElement } from 'react'
import type { Freshness } from '../../shared/domain/freshness.ts'
import { formatAge } from './formatAge.ts'
import { FRESHNESS_MARK } from './tones.ts'

const WORD: Readonly<Record<Freshness, string>> = { live: 'LIVE', stale: 'STALE', unknown: 'NO DATA' }

/**
 * The age of a feed's data, and STALE in words once it is past its threshold: stale data is never
 * shown as live.
 */
export function StaleBadge({
  freshness,
  ageMs,
  label,
}: {
  readonly freshness: Freshness
  /** Age of the data; null when it was never confirmed. */
  readonly ageMs: number | null
  /** What the badge is about, e.g. "Beds". */
  readonly label?: string
}): ReactElement {
  const mark = FRESHNESS_MARK[freshness]
  const age = ageMs === null ? null : formatAge(ageMs)
  return (
    <span
      className={`stale-badge freshness-${freshness} tone-${mark.tone}`}
      data-freshness={freshness}
      title={age ? `${label ?? 'Data'} confirmed ${age} ago` : `${label ?? 'Data'}: nothing received yet`}
    >
      <span className="stale-badge-glyph" aria-hidden="true">
        {mark.glyph}
      </span>
      {label ? <span className="stale-badge-label">{label}</span> : null}
      <span className="stale-badge-word">{WORD[freshness]}</span>
      {age ? <span className="stale-badge-age">{age}</span> : null}
    </span>
  )
}
