import type { ReactElement } from 'react'
import type { ToneMark } from './tones.ts'

/** A status glyph in its tone. The glyph (shape or letter) carries the meaning, the colour repeats it. */
export function StatusDot({
  mark,
  label,
}: {
  readonly mark: ToneMark
  readonly label: string
}): ReactElement {
  return (
    <span className={`status-dot tone-${mark.tone}`} role="img" aria-label={label} title={label}>
      {mark.glyph}
    </span>
  )
}
