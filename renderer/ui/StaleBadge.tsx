import type { ReactElement, ReactNode, Ref } from 'react'
import type { Freshness } from '../../shared/domain/freshness.ts'
import { AgeText } from './AgeText.tsx'
import { FRESHNESS_MARK, FRESHNESS_WORD } from './tones.ts'

/** hh:mm on the wall's clock (the restored state's time). */
export const hhmm = (at: number): string =>
  new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false })

/** hh:mm:ss on the wall's clock (when the data was confirmed: the title, fixed, while the age ticks). */
const HHMMSS = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
// One formatter: toLocaleTimeString builds one per call, and badges render on every batch.
const hhmmss = (at: number): string => HHMMSS.format(at)

/** A live badge's title: when its data was last confirmed. */
export const confirmedTitle = (label: string | undefined, confirmedAt: number | null): string =>
  confirmedAt === null
    ? `${label ?? 'Data'}: nothing received yet`
    : `${label ?? 'Data'} confirmed at ${hhmmss(confirmedAt)}`

/** What a RESTORED badge says: when the state was last live and which sources it waits for. */
export function describeRestored(restored: {
  readonly asOf: number
  readonly waitingFor: readonly string[]
}): string {
  const waiting =
    restored.waitingFor.length === 0
      ? 'no source configured'
      : `waiting for ${restored.waitingFor.join(', ')}`
  return `${hhmm(restored.asOf)} — ${waiting}`
}

/**
 * The age of a feed's data, and STALE in words once it is past its threshold: stale data is never
 * shown as live. After a gateway restart, data restored from its log reads `RESTORED hh:mm —
 * waiting for <source>` until a source delivers.
 */
export function StaleBadge({
  freshness,
  confirmedAt,
  label,
  restored = null,
  detailed = false,
  age,
  title,
  badgeRef,
}: {
  readonly freshness: Freshness
  /** When the data was last confirmed live; null when never. Its age ticks in a leaf (AgeText). */
  readonly confirmedAt: number | null
  /** What the badge is about, e.g. "Beds". */
  readonly label?: string
  /** The restore, when `freshness` is `restored`. */
  readonly restored?: { readonly asOf: number; readonly waitingFor: readonly string[] } | null
  /** Spell out the restore (the status strip); panels show the word and the time only. */
  readonly detailed?: boolean
  /**
   * The age shown while confirmed, in place of an `AgeText` on `confirmedAt`: a leaf that follows
   * the store itself (`TopicsAge`), so the badge need not re-render for every batch.
   */
  readonly age?: ReactNode
  /** The live badge's title; null for none (the caller keeps one up to date outside React). */
  readonly title?: string | null
  /** The badge's element (e.g. for `useConfirmedTitle`). */
  readonly badgeRef?: Ref<HTMLSpanElement>
}): ReactElement {
  const mark = FRESHNESS_MARK[freshness]
  if (freshness === 'restored' && restored !== null) {
    const description = describeRestored(restored)
    return (
      <span
        ref={badgeRef}
        className={`stale-badge freshness-restored tone-${mark.tone}`}
        data-freshness="restored"
        title={`${label ?? 'Data'} restored from the gateway's log after a restart: as of ${description}`}
      >
        <span className="stale-badge-glyph" aria-hidden="true">
          {mark.glyph}
        </span>
        {label ? <span className="stale-badge-label">{label}</span> : null}
        <span className="stale-badge-word">{FRESHNESS_WORD.restored}</span>
        <span className="stale-badge-age">{detailed ? description : hhmm(restored.asOf)}</span>
      </span>
    )
  }
  return (
    <span
      ref={badgeRef}
      className={`stale-badge freshness-${freshness} tone-${mark.tone}`}
      data-freshness={freshness}
      title={title === null ? undefined : (title ?? confirmedTitle(label, confirmedAt))}
    >
      <span className="stale-badge-glyph" aria-hidden="true">
        {mark.glyph}
      </span>
      {label ? <span className="stale-badge-label">{label}</span> : null}
      <span className="stale-badge-word">{FRESHNESS_WORD[freshness]}</span>
      {confirmedAt === null ? null : (
        <span className="stale-badge-age">{age ?? <AgeText since={confirmedAt} />}</span>
      )}
    </span>
  )
}
