import type { ReactElement } from 'react'
import type { ToneMark } from './tones.ts'

/** One number with its label, for counts and KPIs. The glyph repeats the tone's meaning. */
export function Tile({
  label,
  value,
  mark,
  hint,
}: {
  readonly label: string
  readonly value: string | number
  readonly mark?: ToneMark
  readonly hint?: string
}): ReactElement {
  return (
    <div className={`tile${mark ? ` tone-${mark.tone}` : ''}`} title={hint}>
      <div className="tile-value" data-testid="tile-value">
        {value}
      </div>
      <div className="tile-label">
        {mark ? (
          <span className="tile-glyph" aria-hidden="true">
            {mark.glyph}
          </span>
        ) : null}
        {label}
      </div>
    </div>
  )
}
