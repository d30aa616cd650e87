import { useEffect, useState } from 'react'
import { selectTheme } from '../state/selectors.ts'
import { useWatchfloor, watchfloorStore } from '../state/watchfloorStore.ts'
import { COLOR_SCHEME_STORAGE_KEY, parseColorScheme, resolveColorScheme } from './colorScheme.ts'

const DARK_QUERY = '(prefers-color-scheme: dark)'

/** The page has nowhere to log to; the outcome of a storage failure is visible and harmless. */
function storageFailed(_error: unknown): void {
  // Storage switched off by policy (a locked-down desktop): the scheme follows the system.
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(COLOR_SCHEME_STORAGE_KEY) ?? null
  } catch (error) {
    storageFailed(error)
    return null
  }
}

/**
 * Puts the resolved scheme on `<html data-scheme>` (the CSS picks its variables from it), follows
 * the OS while the choice is "system", and remembers the operator's choice.
 */
export function useColorScheme(): void {
  const theme = useWatchfloor(selectTheme)
  const choice = useWatchfloor((s) => s.colorScheme)
  const [systemDark, setSystemDark] = useState(() => matchMedia(DARK_QUERY).matches)

  useEffect(() => {
    watchfloorStore.getState().setColorScheme(parseColorScheme(readStored()))
  }, [])
  useEffect(() => {
    const query = matchMedia(DARK_QUERY)
    const onChange = (): void => setSystemDark(query.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  useEffect(() => {
    document.documentElement.dataset['scheme'] = resolveColorScheme(choice, systemDark, theme)
  }, [choice, systemDark, theme])
}

/** Sets and remembers the desktop's colour scheme. */
export function chooseColorScheme(choice: ReturnType<typeof parseColorScheme>): void {
  watchfloorStore.getState().setColorScheme(choice)
  try {
    globalThis.localStorage?.setItem(COLOR_SCHEME_STORAGE_KEY, choice)
  } catch (error) {
    // Not remembered past this window; the choice still applies now.
    storageFailed(error)
  }
}
