/**
 * Boards are data: a grid of panels, each a `kind` (looked up in the panel registry) plus its
 * settings. Walls and desktops load the same board definitions; a rotation says which boards a
 * display cycles through.
 */
import { z } from 'zod'
import { boardIdSchema } from '../../../shared/contracts/ipc.ts'

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

export const boardSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(60),
    /** Who the board is for, shown on desktop tabs' tooltips. */
    audience: z.string().max(80).default(''),
    columns: z.number().int().min(1).max(24),
    rows: z.number().int().min(1).max(24),
    panels: z.array(panelConfigSchema),
  })
  .superRefine((board, ctx) => {
    const ids = new Set<string>()
    for (const [index, panel] of board.panels.entries()) {
      if (ids.has(panel.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `panel id "${panel.id}" repeats`,
          path: ['panels', index, 'id'],
        })
      }
      ids.add(panel.id)
      if (panel.x + panel.w > board.columns || panel.y + panel.h > board.rows) {
        ctx.addIssue({
          code: 'custom',
          message: `panel "${panel.id}" does not fit the ${board.columns}×${board.rows} grid`,
          path: ['panels', index],
        })
      }
    }
  })
export type Board = z.infer<typeof boardSchema>

/** A display's rotation: the shared IPC contract's schema, so main and the renderer agree. */
export { rotationSchema, type Rotation } from '../../../shared/contracts/ipc.ts'
