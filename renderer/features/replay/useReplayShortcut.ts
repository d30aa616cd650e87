import { useEffect } from 'react'
import { runDetached } from '../../../shared/util/runDetached.ts'
import type { Host } from '../../host/Host.ts'
import { watchfloorStore } from '../../state/watchfloorStore.ts'
import { logDetachedFailure } from '../../ui/logDetachedFailure.ts'

/** How far back Ctrl+Shift+R puts a live window: an hour, on a strip of six. */
const SHORTCUT_BACK_MS = 3_600_000

/**
 * Ctrl+Shift+R: into replay an hour back, or back to live — the way in for a wall display, which
 * has no board bar.
 */
export function useReplayShortcut(host: Host): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey && e.shiftKey && (e.key === 'R' || e.key === 'r'))) return
      e.preventDefault()
      const replaying = watchfloorStore.getState().replay !== null
      const now = Date.now()
      runDetached(
        host.replay(
          replaying
            ? { type: 'live' }
            : { type: 'seek', at: now - SHORTCUT_BACK_MS, rangeFrom: now - 6 * SHORTCUT_BACK_MS },
        ),
        logDetachedFailure('replay shortcut'),
      )
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [host])
}
