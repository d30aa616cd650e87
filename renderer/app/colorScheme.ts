/**
 * The desktop's colour scheme: the operator's choice (system, light or dark), where "system"
 * follows the operating system's `prefers-color-scheme`. A wall is always dark: it is read across
 * a dim room, and a white wall would light it. The choice is kept per browser profile.
 */
import { COLOR_SCHEMES, type ColorScheme, type ThemeName } from '../state/types.ts'

/** Where the choice is kept (localStorage: per profile, never sent anywhere). */
export const COLOR_SCHEME_STORAGE_KEY = 'watchfloor.colorScheme'

/** The colours actually shown. */
export function resolveColorScheme(
  choice: ColorScheme,
  systemPrefersDark: boolean,
  theme: ThemeName,
): 'light' | 'dark' {
  if (theme === 'wall') return 'dark'
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light'
  return choice
}

/** A stored choice, or "system" for anything else (a value from an older version, a typo). */
export function parseColorScheme(stored: string | null): ColorScheme {
  return COLOR_SCHEMES.find((s) => s === stored) ?? 'system'
}
