import { useEffect } from 'react'
import type { Board } from '../board/boardSchema.ts'

/**
 * Desktop shortcuts: Alt+1…9 open a board, Alt+←/→ step through them. Alt keeps plain keys free
 * for text fields (search, acknowledgement notes).
 */
export function useBoardShortcuts(
  enabled: boolean,
  boards: readonly Board[],
  current: string,
  onSelect: (boardId: string) => void,
): void {
  useEffect(() => {
    if (!enabled) return
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return
      const index = boards.findIndex((b) => b.id === current)
      let target: Board | undefined
      if (/^Digit[1-9]$/.test(event.code)) target = boards[Number(event.code.slice(5)) - 1]
      else if (event.key === 'ArrowRight') target = boards[(index + 1) % boards.length]
      else if (event.key === 'ArrowLeft') target = boards[(index - 1 + boards.length) % boards.length]
      if (!target) return
      event.preventDefault()
      onSelect(target.id)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled, boards, current, onSelect])
}
