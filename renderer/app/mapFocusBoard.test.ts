import { describe, expect, it } from 'vitest'
import { boardForMapFocus } from './mapFocusBoard.ts'

const boards = [
  { id: 'site-manager', panels: [{ kind: 'kpi' }, { kind: 'table' }] },
  { id: 'capacity', panels: [{ kind: 'floor-map' }] },
  { id: 'digital-ops', panels: [{ kind: 'floor-map' }, { kind: 'table' }] },
]

describe('boardForMapFocus', () => {
  it('stays on a board with a map', () => {
    expect(boardForMapFocus(boards, 'digital-ops')).toBe('digital-ops')
  })

  it('goes to the first board with a map from one without', () => {
    expect(boardForMapFocus(boards, 'site-manager')).toBe('capacity')
  })

  it('stays put when no board has a map', () => {
    expect(boardForMapFocus([boards[0]!], 'site-manager')).toBe('site-manager')
  })
})
