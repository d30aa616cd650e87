// @vitest-environment happy-dom
/**
 * Which columns a wall table shows depends on how wide its panel is in the wall's own type size:
 * the cyber alerts table of the digital-operations wall (32 em) drops Location so a long alert
 * title fits in two lines; the cyber wall's wider table (38 em) keeps it. happy-dom has no
 * layout, so a stand-in ResizeObserver reports the panel's width.
 */
import { act, useRef, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { ENTITY_TABLES } from './entityTables.ts'
import { useColumnVisibility, WALL_NARROW_EM } from './useColumnVisibility.ts'

let panelWidth = 0
globalThis.ResizeObserver = class {
  readonly #callback: ResizeObserverCallback
  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback
  }
  observe(target: Element): void {
    const contentRect = { width: panelWidth, height: 300 } as DOMRectReadOnly
    this.#callback([{ target, contentRect } as ResizeObserverEntry], this)
  }
  unobserve(): void {}
  disconnect(): void {}
}
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const ROOT_PX = 24 // the wall's root type at 1080p: max(16px, 100vh / 45)
const screenHeight = window.innerHeight

function shownColumns(widthPx: number, desktop: boolean): string[] {
  panelWidth = widthPx
  // A 1080p screen: the wall's type size follows the screen's height.
  Object.defineProperty(window, 'innerHeight', { value: ROOT_PX * 45, configurable: true })
  let shown: string[] = []
  function Probe(): ReactElement {
    const ref = useRef<HTMLDivElement>(null)
    const [visibility] = useColumnVisibility(ref, ENTITY_TABLES.cyber, undefined, desktop)
    shown = Object.entries(visibility)
      .filter(([, on]) => on)
      .map(([id]) => id)
    return <div ref={ref} />
  }
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  act(() => root.render(<Probe />))
  act(() => root.unmount())
  host.remove()
  return shown
}

afterEach(() => {
  Object.defineProperty(window, 'innerHeight', { value: screenHeight, configurable: true })
})

describe('useColumnVisibility on the wall', () => {
  it('drops the place column of a narrow wall table so the title keeps its width', () => {
    expect(shownColumns(32 * ROOT_PX, false)).toEqual(['severity', 'title', 'lastSeen'])
  })

  it('keeps the wall columns where the table is wide enough', () => {
    expect(shownColumns((WALL_NARROW_EM + 2) * ROOT_PX, false)).toEqual([
      'severity',
      'title',
      'unit',
      'lastSeen',
    ])
  })

  it('measures a wall table in the wall type size, not in desktop pixels', () => {
    // 800 px is narrow on a desktop (compact columns), and 33 em — narrow too — on a 1080p wall.
    expect(shownColumns(800, true)).toEqual(ENTITY_TABLES.cyber.compactColumns)
    expect(shownColumns(800, false)).toEqual(['severity', 'title', 'lastSeen'])
  })
})
