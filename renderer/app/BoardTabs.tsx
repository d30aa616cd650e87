import type { ReactElement } from 'react'
import type { Board } from './boards/boardSchema.ts'

/** Desktop board tabs; the number is also the keyboard shortcut (Alt+1…9). */
export function BoardTabs({
  boards,
  current,
  onSelect,
}: {
  readonly boards: readonly Board[]
  readonly current: string
  readonly onSelect: (boardId: string) => void
}): ReactElement {
  return (
    // A nav landmark around the tablist: a role on the <nav> itself would replace the landmark.
    <nav className="board-tabs" aria-label="Boards">
      <div className="board-tabs-list" role="tablist" aria-label="Boards">
        {boards.map((board, index) => (
          <button
            key={board.id}
            type="button"
            role="tab"
            aria-selected={board.id === current}
            className={board.id === current ? 'board-tab active' : 'board-tab'}
            title={`${board.audience} (Alt+${index + 1})`}
            onClick={() => onSelect(board.id)}
          >
            <span className="board-tab-key">{index + 1}</span> {board.name}
          </button>
        ))}
      </div>
    </nav>
  )
}
