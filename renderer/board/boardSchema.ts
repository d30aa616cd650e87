/**
 * Boards are data: a grid of panels, each a `kind` (looked up in the panel registry) plus its
 * settings. Walls and desktops load the same board definitions; a rotation says which boards a
 * display cycles through.
 */
import { z } from 'zod'
import { boardIdSchema } from '../../shared/contracts/ipc.ts'

const idSchema = boardIdSchema

/** One panel on a board's grid. `x`/`y` are 0-based cells; `w`/`h` spans in cells. */
export const panelConfigSchema = z.object({
  id: idSchema,
  /** The panel registry key, e.g. `floor-map`, `kpi`, `table`, `alarm-list`, `topic-counts`. */
  kind: z.string().min(1).max(64),
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  w: z.number().int().positive(),
  h: z.number().int().positive(),
  title: z.string().min(1).max(80),
  /** Panel-kind specific; each panel parses its own settings with its own schema. */
  settings: z.record(z.string(), z.unknown()).default({}),
})
export type PanelConfig = z.infer<typeof panelConfigSchema>

const gridSchema = {
  columns: z.number().int().min(1).max(24),
  rows: z.number().int().min(1).max(24),
  panels: z.array(panelConfigSchema),
}

/**
 * A board's own layout for a wall, when the desktop's does not read from 4 m: a wall shows fewer,
 * larger panels (no desk controls, no 50,000-row tables), a desktop more, smaller ones. Panels
 * that keep their `id` are the same panel in both.
 */
export const wallLayoutSchema = z.object(gridSchema)
export type WallLayout = z.infer<typeof wallLayoutSchema>

type Grid = { readonly columns: number; readonly rows: number; readonly panels: readonly PanelConfig[] }

function checkGrid(grid: Grid, ctx: z.RefinementCtx, path: readonly (string | number)[]): void {
  const ids = new Set<string>()
  for (const [index, panel] of grid.panels.entries()) {
    if (ids.has(panel.id)) {
      ctx.addIssue({
        code: 'custom',
        message: `panel id "${panel.id}" repeats`,
        path: [...path, 'panels', index, 'id'],
      })
    }
    ids.add(panel.id)
    if (panel.x + panel.w > grid.columns || panel.y + panel.h > grid.rows) {
      ctx.addIssue({
        code: 'custom',
        message: `panel "${panel.id}" does not fit the ${grid.columns}×${grid.rows} grid`,
        path: [...path, 'panels', index],
      })
    }
  }
}

export const boardSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(60),
    /** Who the board is for, shown on desktop tabs' tooltips. */
    audience: z.string().max(80).default(''),
    ...gridSchema,
    wall: wallLayoutSchema.optional(),
  })
  .superRefine((board, ctx) => {
    checkGrid(board, ctx, [])
    if (board.wall) checkGrid(board.wall, ctx, ['wall'])
  })
export type Board = z.infer<typeof boardSchema>

/** The board as a display of this mode shows it: a wall takes the board's wall layout, if it has one. */
export function layoutFor(board: Board, mode: 'wall' | 'desktop'): Board {
  if (mode !== 'wall' || !board.wall) return board
  const { wall, ...rest } = board
  return { ...rest, columns: wall.columns, rows: wall.rows, panels: wall.panels }
}

/** A display's rotation: the shared IPC contract's schema, so main and the renderer agree. */
export { rotationSchema, type Rotation } from '../../shared/contracts/ipc.ts'
