import { describe, expect, it } from 'vitest'
import { panelRegistry } from '../panelRegistry.ts'
import { boardSchema } from './boardSchema.ts'
import { DEFAULT_ROTATION, PRESET_BOARDS, boardById } from './presets.ts'

describe('preset boards', () => {
  it('has the three presets, for operators, the site manager and on-call IT', () => {
    expect(PRESET_BOARDS.map((b) => b.id)).toEqual(['capacity', 'site-manager', 'digital-ops'])
  })

  it('uses only registered panel kinds, so no preset shows a placeholder', () => {
    for (const board of PRESET_BOARDS) {
      for (const panel of board.panels)
        expect(panelRegistry[panel.kind], `${board.id}/${panel.id}`).toBeDefined()
    }
  })

  it('rotates through every preset', () => {
    expect(DEFAULT_ROTATION.boardIds).toEqual(PRESET_BOARDS.map((b) => b.id))
  })

  it('falls back to the first preset for an unknown board id', () => {
    expect(boardById('nope').id).toBe('capacity')
  })

  it('refuses a panel that does not fit the grid, naming it', () => {
    const result = boardSchema.safeParse({
      id: 'b',
      name: 'B',
      columns: 4,
      rows: 4,
      panels: [{ id: 'wide', kind: 'topic-counts', x: 2, y: 0, w: 3, h: 1, title: 'Wide' }],
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/"wide" does not fit/)
  })
})
