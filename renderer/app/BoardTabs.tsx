import type { ReactElement } from 'react'
import { COLOR_SCHEMES, type ColorScheme } from '../state/types.ts'
import { useWatchfloor } from '../state/watchfloorStore.ts'
import type { Board } from '../board/boardSchema.ts'
import { chooseColorScheme } from './useColorScheme.ts'

const SCHEME_LABEL: Readonly<Record<ColorScheme, string>> = {
  system: 'As the system',
  light: 'Light',
  dark: 'Dark',
}

/** Light, dark or as the operating system: the desktop's colours (a wall is always dark). */
export function ColorSchemeSwitch(): ReactElement {
  const choice = useWatchfloor((s) => s.colorScheme)
  return (
    <label className="scheme-switch">
      Colours{' '}
      <select
        value={choice}
        onChange={(e) => chooseColorScheme(COLOR_SCHEMES.find((c) => c === e.target.value) ?? 'system')}
      >
        {COLOR_SCHEMES.map((c) => (
          <option key={c} value={c}>
            {SCHEME_LABEL[c]}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * "Identify displays" (also Ctrl+Shift+D and the desktop menu): every display shows its number, so
 * whoever sets up the wall can match the numbers in settings to the screens.
 */
export function IdentifyDisplaysButton({ identify }: { readonly identify: () => void }): ReactElement {
  return (
    <button type="button" className="identify-displays" onClick={identify} title="Ctrl+Shift+D">
      Identify displays
    </button>
  )
}

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
