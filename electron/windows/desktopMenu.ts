/**
 * The desktop window's menu as plain data (the adapter turns it into an Electron Menu), so the
 * items, accelerators and what they do are tested without Electron.
 */
import type { BoardsAvailable } from '../../shared/contracts/ipc.ts'

export type MenuCommand =
  | { readonly type: 'board'; readonly boardId: string }
  | { readonly type: 'next-board' }
  | { readonly type: 'previous-board' }
  | { readonly type: 'identify' }
  | { readonly type: 'mute'; readonly minutes: number }
  | { readonly type: 'unmute' }
  | { readonly type: 'reload' }
  | { readonly type: 'toggle-fullscreen' }
  | { readonly type: 'quit' }

export type MenuItemSpec =
  | { readonly kind: 'separator' }
  | {
      readonly kind: 'item'
      readonly label: string
      readonly command: MenuCommand
      readonly accelerator?: string
      /** Radio-style mark for the current board. */
      readonly checked?: boolean
      readonly enabled?: boolean
    }

export type MenuSpec = readonly { readonly label: string; readonly items: readonly MenuItemSpec[] }[]

export type DesktopMenuState = {
  readonly boards: BoardsAvailable['boards']
  readonly currentBoardId: string | null
  readonly muted: boolean
}

/** Minutes offered by "Mute alarm sound"; never indefinite (sound must come back). */
export const MUTE_CHOICES = [5, 15, 60] as const

export function buildDesktopMenu(state: DesktopMenuState): MenuSpec {
  const boardItems: MenuItemSpec[] = state.boards.map((b, i) => ({
    kind: 'item',
    label: b.title,
    command: { type: 'board', boardId: b.id },
    checked: b.id === state.currentBoardId,
    ...(i < 9 ? { accelerator: `CmdOrCtrl+${i + 1}` } : {}),
  }))
  return [
    {
      label: 'Watchfloor',
      items: [
        {
          kind: 'item',
          label: 'Identify displays',
          command: { type: 'identify' },
          accelerator: 'CmdOrCtrl+Shift+D',
        },
        { kind: 'separator' },
        { kind: 'item', label: 'Quit', command: { type: 'quit' }, accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: 'Boards',
      items: [
        ...boardItems,
        ...(boardItems.length > 0 ? [{ kind: 'separator' } as const] : []),
        {
          kind: 'item',
          label: 'Next board',
          command: { type: 'next-board' },
          accelerator: 'CmdOrCtrl+PageDown',
        },
        {
          kind: 'item',
          label: 'Previous board',
          command: { type: 'previous-board' },
          accelerator: 'CmdOrCtrl+PageUp',
        },
      ],
    },
    {
      label: 'Alarms',
      items: [
        ...MUTE_CHOICES.map((minutes, i): MenuItemSpec => ({
          kind: 'item',
          label: `Mute sound for ${minutes} min`,
          command: { type: 'mute', minutes },
          ...(i === 1 ? { accelerator: 'CmdOrCtrl+M' } : {}),
        })),
        {
          kind: 'item',
          label: 'Unmute sound',
          command: { type: 'unmute' },
          accelerator: 'CmdOrCtrl+Shift+M',
          enabled: state.muted,
        },
      ],
    },
    {
      label: 'View',
      items: [
        { kind: 'item', label: 'Reload', command: { type: 'reload' }, accelerator: 'CmdOrCtrl+R' },
        {
          kind: 'item',
          label: 'Toggle full screen',
          command: { type: 'toggle-fullscreen' },
          accelerator: 'F11',
        },
      ],
    },
  ]
}

/** The board after (or before) `current` in `boards`, wrapping. */
export function stepBoard(
  boards: BoardsAvailable['boards'],
  current: string | null,
  step: 1 | -1,
): string | null {
  if (boards.length === 0) return null
  const i = boards.findIndex((b) => b.id === current)
  const next = i < 0 ? 0 : (i + step + boards.length) % boards.length
  return boards[next]?.id ?? null
}
