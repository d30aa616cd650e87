/**
 * Framing a level (or a part of one) to its panel. Hospital floors are long strips — the demo
 * trust's are 90–100 m by 16 m, 6:1 — and wall panels are nearer 4:3, so a plan fitted whole fills
 * a sixth of its panel. The rule, for a wall (which nobody pans):
 *
 * - Fit the area whole if that fills the panel well enough.
 * - Otherwise **fold** it: cut it across its long side into 2 or 3 equal bands and stack them, left
 *   part on top, each band drawn by its own deck.gl view, so a 6:1 floor reads as two 3:1 rows —
 *   about twice the scale. A fold is taken only when it makes the plan at least 25 % larger: every
 *   seam is something to read across.
 * - A fold always cuts across the area's long side (a corridor and the rooms either side of it stay
 *   together): a tall area is cut down its height into bands side by side.
 *
 * Folding rather than rotating: a plan turned 90° turns its labels and its north with it, and a
 * person at 4 m reads "Ward 7" sideways badly; a fold keeps text upright and the plan's
 * orientation, at the cost of one seam, which is marked.
 * - Ward names sit above their outline, so each band keeps `headroom` pixels above its part of the
 *   plan, inside its view (a band's view clips what it draws). Pure: no deck.gl, no DOM.
 */

export type Bounds = readonly [number, number, number, number]

/** An orthographic view state: the centre in local metres and the zoom (log2 pixels per metre). */
export type FrameView = { readonly target: [number, number, number]; readonly zoom: number }

/**
 * One band of a folded frame: where its view sits in the panel (pixels, the headroom above the
 * plan included) and what part of the plan it shows.
 */
export type FrameBand = {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** The part of the area the band shows, in local metres. */
  readonly shows: Bounds
  readonly view: FrameView
}

export type Frame = {
  readonly bands: readonly FrameBand[]
  /** Pixels per metre, the same in every band. */
  readonly scale: number
  /** 'across' cuts a wide area into bands stacked top to bottom; 'down' cuts a tall one. */
  readonly fold: 'none' | 'across' | 'down'
}

export type FrameOptions = {
  /** Space kept clear around the plan, in pixels. */
  readonly padding: number
  /** The most bands a fold may make (1 never folds: a desktop map that is panned and zoomed). */
  readonly maxBands: number
  /** Pixels between two bands. */
  readonly gap: number
  /** How much larger a fold must draw the plan to be worth its seam. */
  readonly minGain?: number
  /**
   * Pixels kept above each band for what is drawn above the plan's top edge — ward names sit on
   * their outline — inside the band's view, so a band's clip does not cut them. Default 0.
   */
  readonly headroom?: number
}

const zoomOf = (scale: number): number => Math.log2(Math.max(scale, 1e-3))

/**
 * The scale at which `bands` bands of the area fit, stacked along the panel's other axis, with
 * `headroom` pixels above each band (across the bands when they are stacked, along a band when
 * they stand side by side).
 */
function scaleFor(
  bands: number,
  along: number,
  across: number,
  panelAlong: number,
  panelAcross: number,
  gap: number,
  headroom: { readonly along: number; readonly across: number },
): number {
  const bandAlong = along / bands
  return Math.max(
    1e-3,
    Math.min(
      (panelAlong - headroom.along) / bandAlong,
      (panelAcross - (bands - 1) * gap - bands * headroom.across) / (bands * across),
    ),
  )
}

/** Frames `bounds` in a `width` × `height` panel by the rule above. */
export function frameArea(bounds: Bounds, width: number, height: number, options: FrameOptions): Frame {
  const { padding, gap, maxBands } = options
  const minGain = options.minGain ?? 1.25
  const headroom = options.headroom ?? 0
  const [minX, minY, maxX, maxY] = bounds
  const w = Math.max(1, maxX - minX)
  const h = Math.max(1, maxY - minY)
  const innerW = Math.max(1, width - 2 * padding)
  const innerH = Math.max(1, height - 2 * padding)
  const wide = w >= h
  // Wide area: bands cut along x, stacked down the panel. Tall area: cut along y, side by side.
  // (A fold only pays when the panel is taller than the area, relative to their long sides; else
  // one band wins by the scale test below.)
  const along = wide ? w : h
  const across = wide ? h : w
  const panelAlong = wide ? innerW : innerH
  const panelAcross = wide ? innerH : innerW
  // The headroom is vertical: across stacked bands of a wide area, along the upright bands of a tall one.
  const room = wide ? { along: 0, across: headroom } : { along: headroom, across: 0 }
  let bands = 1
  let scale = scaleFor(1, along, across, panelAlong, panelAcross, gap, room)
  for (let k = 2; k <= maxBands; k++) {
    const s = scaleFor(k, along, across, panelAlong, panelAcross, gap, room)
    if (s >= scale * minGain) {
      bands = k
      scale = s
    }
  }
  const bandAlongM = along / bands
  const bandAlongPx = bandAlongM * scale
  const bandAcrossPx = across * scale
  // Each band's view reaches `headroom` above the plan: its centre moves up by half of it (y grows north).
  const up = headroom / 2 / scale
  const result: FrameBand[] = []
  if (wide) {
    const bandPx = bandAcrossPx + headroom
    const totalPx = bands * bandPx + (bands - 1) * gap
    for (let i = 0; i < bands; i++) {
      const x0 = minX + i * bandAlongM
      result.push({
        x: (width - bandAlongPx) / 2,
        y: (height - totalPx) / 2 + i * (bandPx + gap),
        width: bandAlongPx,
        height: bandPx,
        shows: [x0, minY, x0 + bandAlongM, maxY],
        view: { target: [x0 + bandAlongM / 2, (minY + maxY) / 2 + up, 0], zoom: zoomOf(scale) },
      })
    }
  } else {
    const bandPx = bandAlongPx + headroom
    const totalPx = bands * bandAcrossPx + (bands - 1) * gap
    for (let i = 0; i < bands; i++) {
      // y grows north: the top of the plan is the first band, on the left.
      const y1 = maxY - i * bandAlongM
      result.push({
        x: (width - totalPx) / 2 + i * (bandAcrossPx + gap),
        y: (height - bandPx) / 2,
        width: bandAcrossPx,
        height: bandPx,
        shows: [minX, y1 - bandAlongM, maxX, y1],
        view: { target: [(minX + maxX) / 2, y1 - bandAlongM / 2 + up, 0], zoom: zoomOf(scale) },
      })
    }
  }
  return { bands: result, scale, fold: bands === 1 ? 'none' : wide ? 'across' : 'down' }
}

/** The single view that fits `bounds` in a panel with `padding` pixels: a desktop's "Fit". */
export function fitBounds(bounds: Bounds, width: number, height: number, padding: number): FrameView {
  const band = frameArea(bounds, width, height, { padding, maxBands: 1, gap: 0 }).bands[0]
  if (!band) throw new Error('a frame always has a band')
  return band.view
}

/** How much of the panel the framed plan covers (0–1): what "fills the panel" means in tests. */
export function frameFill(frame: Frame, width: number, height: number): number {
  let area = 0
  for (const b of frame.bands) area += b.width * b.height
  return width > 0 && height > 0 ? area / (width * height) : 0
}
