import { describe, expect, it } from 'vitest'
import { fitBounds, frameArea, frameFill, type FrameBand } from './framing.ts'

// A demo-trust floor: 96 m by 16 m.
const FLOOR = [0, 0, 96, 16] as const
const WALL = { padding: 0, maxBands: 3, gap: 10 }

describe('frameArea', () => {
  it('folds a 6:1 floor into two stacked bands in a 4:3 panel, filling most of it', () => {
    const frame = frameArea(FLOOR, 960, 720, WALL)
    expect(frame.fold).toBe('across')
    expect(frame.bands.map((b) => b.shows)).toEqual([
      [0, 0, 48, 16],
      [48, 0, 96, 16],
    ])
    // Whole, the floor would be drawn at 10 px/m and leave three quarters of the panel empty.
    expect(frame.scale).toBe(20)
    expect(frameFill(frame, 960, 720)).toBeGreaterThan(0.8)
    expect(frameFill(frameArea(FLOOR, 960, 720, { ...WALL, maxBands: 1 }), 960, 720)).toBeLessThan(0.25)
  })

  it('stacks the bands left part on top, each centred on its own half, inside the panel', () => {
    const [top, bottom] = frameArea(FLOOR, 960, 720, WALL).bands
    expect(top?.view.target).toEqual([24, 8, 0])
    expect(bottom?.view.target).toEqual([72, 8, 0])
    expect(top!.y + top!.height + 10).toBe(bottom!.y)
    for (const b of [top!, bottom!]) {
      expect(b.x).toBeGreaterThanOrEqual(0)
      expect(b.x + b.width).toBeLessThanOrEqual(960)
      expect(b.y).toBeGreaterThanOrEqual(0)
      expect(b.y + b.height).toBeLessThanOrEqual(720)
    }
  })

  it('does not fold a floor that already fits a wide panel', () => {
    const frame = frameArea(FLOOR, 1900, 330, WALL)
    expect(frame.fold).toBe('none')
    expect(frame.bands).toHaveLength(1)
  })

  it('takes a fold only when it draws the plan at least 25 % larger', () => {
    // 2:1 area in a 1.6:1 panel: two bands would be barely larger than one.
    expect(frameArea([0, 0, 40, 20], 800, 500, WALL).fold).toBe('none')
  })

  it('never cuts a wide area along its corridor, even in a wide panel', () => {
    // An outage's footprint, 63 m by 22 m, in a wide, short panel: one band, not two halves of rooms.
    expect(frameArea([0, 0, 63, 22], 936, 330, WALL).fold).toBe('none')
  })

  it('cuts a tall area down its height into bands side by side', () => {
    const frame = frameArea([0, 0, 16, 96], 720, 540, WALL)
    expect(frame.fold).toBe('down')
    expect(frame.bands).toHaveLength(3)
    // The top of the plan (y grows north) is the first band, on the left.
    expect(frame.bands[0]?.shows).toEqual([0, 64, 16, 96])
    expect(frame.bands[0]!.x).toBeLessThan(frame.bands[1]!.x)
  })
})

describe('frameArea with headroom for the labels above the plan', () => {
  /** Where the plan's top edge (y = maxY) lands in the panel, in pixels from the panel's top. */
  const planTopPx = (b: FrameBand, scale: number, maxY: number): number =>
    b.y + b.height / 2 - (maxY - b.view.target[1]) * scale

  it('keeps the headroom inside every band, above its part of the plan', () => {
    for (const [bounds, width, height] of [
      [FLOOR, 960, 720],
      [FLOOR, 1900, 330],
      [[0, 0, 16, 96], 720, 540],
    ] as const) {
      const frame = frameArea(bounds, width, height, { ...WALL, headroom: 24 })
      for (const b of frame.bands) {
        const top = b.shows[3]
        expect(planTopPx(b, frame.scale, top) - b.y).toBeCloseTo(24)
        expect(b.y).toBeGreaterThanOrEqual(0)
        expect(b.y + b.height).toBeLessThanOrEqual(height + 1e-9)
      }
    }
  })

  it('draws a height-bound plan smaller by the headroom, not past the panel', () => {
    // A wide, short panel: the plan's height sets the scale, so the labels take height from it.
    const without = frameArea(FLOOR, 1900, 330, WALL)
    const within = frameArea(FLOOR, 1900, 330, { ...WALL, headroom: 30 })
    expect(within.scale).toBeCloseTo((330 - 30) / 16)
    expect(within.scale).toBeLessThan(without.scale)
  })
})

describe('fitBounds', () => {
  it('fits the whole area in one view, as a desktop "Fit" does', () => {
    const view = fitBounds(FLOOR, 960 + 64, 720 + 64, 32)
    expect(view.target).toEqual([48, 8, 0])
    expect(view.zoom).toBeCloseTo(Math.log2(10))
  })
})
