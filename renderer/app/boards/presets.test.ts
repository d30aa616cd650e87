import { describe, expect, it } from 'vitest'
import { panelRegistry } from '../panelRegistry.ts'
import { boardSchema, layoutFor } from '../../board/boardSchema.ts'
import { DEFAULT_ROTATION, PRESET_BOARDS, boardById } from './presets.ts'

describe('preset boards', () => {
  it('has the presets, for operators, the site manager, on-call IT (operations and cyber response), the waiting lists and a collaborative', () => {
    expect(PRESET_BOARDS.map((b) => b.id)).toEqual([
      'capacity',
      'site-manager',
      'digital-ops',
      'cyber-response',
      'waiting-list',
      'collaborative',
    ])
  })

  it('uses only registered panel kinds, so no preset shows a placeholder, on a desk or a wall', () => {
    for (const board of PRESET_BOARDS) {
      for (const panel of [...board.panels, ...(board.wall?.panels ?? [])])
        expect(panelRegistry[panel.kind], `${board.id}/${panel.id}`).toBeDefined()
    }
  })

  it('gives the operators’ and IT’s walls a map that follows the alarm and the trust overview', () => {
    for (const id of ['capacity', 'digital-ops']) {
      const kinds = layoutFor(boardById(id), 'wall').panels.map((p) => p.kind)
      expect(kinds, id).toContain('floor-map')
      expect(kinds, id).toContain('trust-overview')
    }
  })

  it('lays a board out for a wall from its wall layout, and for a desk from its own', () => {
    const board = boardById('capacity')
    expect(layoutFor(board, 'desktop')).toBe(board)
    const wall = layoutFor(board, 'wall')
    expect(wall.id).toBe('capacity')
    expect(wall.panels).toBe(board.wall?.panels)
  })

  it('refuses a wall layout whose panel does not fit its grid, naming it', () => {
    const result = boardSchema.safeParse({
      id: 'b',
      name: 'B',
      columns: 4,
      rows: 4,
      panels: [],
      wall: {
        columns: 2,
        rows: 2,
        panels: [{ id: 'big', kind: 'kpi', x: 0, y: 0, w: 3, h: 1, title: 'Big' }],
      },
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['wall', 'panels', 0])
  })

  it('rotates through every single-trust preset (the collaborative board needs several gateways)', () => {
    expect(DEFAULT_ROTATION.boardIds).toEqual([
      'capacity',
      'site-manager',
      'digital-ops',
      'cyber-response',
      'waiting-list',
    ])
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
