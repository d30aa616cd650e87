import type { ReactElement } from 'react'
import type { CyberSeverity } from '../../shared/contracts/entities.ts'
import { SEVERITY_MARK } from './tones.ts'

/** A cyber severity in words, glyph and colour. */
export function SeverityBadge({ severity }: { readonly severity: CyberSeverity }): ReactElement {
  const mark = SEVERITY_MARK[severity]
  return (
    <span className={`severity-badge tone-${mark.tone}`} data-severity={severity}>
      <span aria-hidden="true">{mark.glyph}</span> {severity.toUpperCase()}
    </span>
  )
}
