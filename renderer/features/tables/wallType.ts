/**
 * A wall's type size, as theme.css sets it, for the tables that size rows or choose columns by it.
 * Computed from the screen, not read from the root element: the theme's attribute is set in an
 * effect, after a table's first render, so the root still has the desktop's size then.
 */

/** theme.css's --wall-min-text, a wall table's type size, in rem. */
export const WALL_MIN_TEXT_REM = 0.8333

/** theme.css's wall --font-size-root, max(16px, 100vh / 45), in px. */
export function wallRootPx(): number {
  return Math.max(16, window.innerHeight / 45)
}
