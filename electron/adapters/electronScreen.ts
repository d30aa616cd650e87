/** `ScreenPort` over Electron's `screen` (only valid after `app.whenReady()`). */
import { screen } from 'electron'
import type { Display } from 'electron'
import type { DisplayInfo, ScreenEvent, ScreenPort } from '../core/ports.ts'

const toInfo = (d: Display): DisplayInfo => ({
  id: d.id,
  label: d.label,
  bounds: d.bounds,
  workArea: d.workArea,
  scaleFactor: d.scaleFactor,
  internal: d.internal,
})

export function electronScreen(): ScreenPort {
  return {
    getAllDisplays: () => screen.getAllDisplays().map(toInfo),
    getPrimaryDisplay: () => toInfo(screen.getPrimaryDisplay()),
    onChange: (listener) => {
      const events: ScreenEvent[] = ['display-added', 'display-removed', 'display-metrics-changed']
      const handlers = events.map((event) => [event, () => listener(event)] as const)
      for (const [event, handler] of handlers) screen.on(event as 'display-added', handler)
      return () => {
        for (const [event, handler] of handlers) screen.off(event as 'display-added', handler)
      }
    },
  }
}
