import type { Rag } from '../../../shared/domain/kpis/evaluateRag.ts'
import type { ToneMark } from '../../ui/tones.ts'

/** RAG as a tone and a glyph: the shape says it too (● OK, ▲ warning, ✕ alert), never colour alone. */
export const RAG_MARK: Readonly<Record<Rag, ToneMark>> = {
  green: { tone: 'ok', glyph: '●' },
  amber: { tone: 'warn', glyph: '▲' },
  red: { tone: 'critical', glyph: '✕' },
  none: { tone: 'neutral', glyph: '–' },
}

/** The CSS variable holding a tone's colour (themes define them). */
export function toneColour(tone: ToneMark['tone']): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(`--c-${tone}`).trim()
  return value === '' ? '#8a939e' : value
}
