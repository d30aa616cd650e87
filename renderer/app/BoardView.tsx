import type { ReactElement } from 'react'
import type { ThemeName } from '../state/types.ts'
import type { Board } from '../board/boardSchema.ts'
import { PanelFrame } from './PanelFrame.tsx'

/** A board's grid of panels (CSS grid from the board's data; fixed on a wall, no drag). */
export function BoardView({
  board,
  theme,
}: {
  readonly board: Board
  readonly theme: ThemeName
}): ReactElement {
  return (
    <main
      className="board"
      data-board={board.id}
      style={{
        gridTemplateColumns: `repeat(${board.columns}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${board.rows}, minmax(0, 1fr))`,
      }}
    >
      <h1 className="visually-hidden">{`${board.name} — Watchfloor`}</h1>
      {board.panels.map((panel) => (
        <PanelFrame key={panel.id} panel={panel} theme={theme} />
      ))}
    </main>
  )
}
