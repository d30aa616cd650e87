/**
 * Saved desktop window bounds are only reused when the window would be visible and grabbable on a
 * display that exists now: a laptop undocked from its second monitor must not open its window
 * off-screen.
 */
import type { DisplayInfo, Rect } from '../core/ports.ts'

export const MIN_WIDTH = 800
export const MIN_HEIGHT = 500
/** Height of the strip at the top a user needs to drag the window. */
const TITLE_STRIP = 32
/** How much of that strip must be on a display. */
const MIN_GRAB_WIDTH = 120

function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null
}

/**
 * Whether `bounds` may be reused: at least the minimum size, its title strip grabbable on some
 * display's work area, and at least half of it on screen.
 */
export function boundsAreUsable(bounds: Rect, displays: readonly DisplayInfo[]): boolean {
  if (bounds.width < MIN_WIDTH || bounds.height < MIN_HEIGHT) return false
  const strip = { x: bounds.x, y: bounds.y, width: bounds.width, height: TITLE_STRIP }
  const grabbable = displays.some((d) => (intersection(strip, d.workArea)?.width ?? 0) >= MIN_GRAB_WIDTH)
  if (!grabbable) return false
  const visibleArea = displays.reduce((sum, d) => {
    const i = intersection(bounds, d.workArea)
    return sum + (i === null ? 0 : i.width * i.height)
  }, 0)
  return visibleArea >= (bounds.width * bounds.height) / 2
}

/** A window centred on the display's work area, 85 % of it, at least the minimum size. */
export function defaultBounds(display: DisplayInfo): Rect {
  const w = Math.max(MIN_WIDTH, Math.round(display.workArea.width * 0.85))
  const h = Math.max(MIN_HEIGHT, Math.round(display.workArea.height * 0.85))
  return {
    x: display.workArea.x + Math.round((display.workArea.width - w) / 2),
    y: display.workArea.y + Math.round((display.workArea.height - h) / 2),
    width: w,
    height: h,
  }
}

/** The bounds to open the desktop window with. */
export function chooseDesktopBounds(
  saved: Rect | null,
  displays: readonly DisplayInfo[],
  primary: DisplayInfo,
): Rect {
  return saved !== null && boundsAreUsable(saved, displays) ? saved : defaultBounds(primary)
}
