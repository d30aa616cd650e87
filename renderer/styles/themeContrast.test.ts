/**
 * Every text colour token against every background it is drawn on, in every theme, at WCAG 1.4.3
 * contrast: 4.5:1 (our tones are drawn as small, bold text — KPI RAG words, table status glyphs).
 * The axe run in tests/e2e/accessibility.spec.ts sees only the states the demo happens to show;
 * this test holds the pairs a state we did not see would draw (an ALERT tile, a critical chip).
 */
import { describe, expect, it } from 'vitest'
import alarmsCss from '../features/alarms/alarms.css?raw'
import themeCss from './theme.css?raw'

type Tokens = ReadonlyMap<string, string>

/** The `--name: #rrggbb` declarations of the first rule whose selector list includes `selector`. */
function tokensOf(css: string, selector: string): Tokens {
  const rule = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].find((m) =>
    (m[1] ?? '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split(',')
      .some((s) => s.trim() === selector),
  )
  if (!rule) throw new Error(`no rule for ${selector}`)
  const body = (rule[2] ?? '').replace(/\/\*[\s\S]*?\*\//g, '')
  return new Map([...body.matchAll(/(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!]))
}

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

/** WCAG 2.x contrast ratio, 1–21. */
function contrast(a: string, b: string): number {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

function token(tokens: Tokens, name: string): string {
  const value = tokens.get(name)
  if (value === undefined) throw new Error(`${name} is not a #rrggbb token`)
  return value
}

/** Pairs below 4.5:1, as "fg on bg = ratio" for a readable failure. */
function failures(tokens: Tokens, pairs: readonly (readonly [string, string])[]): string[] {
  return pairs
    .map(([fg, bg]) => ({ fg, bg, ratio: contrast(token(tokens, fg), token(tokens, bg)) }))
    .filter((p) => p.ratio < 4.5)
    .map((p) => `${p.fg} on ${p.bg} = ${p.ratio.toFixed(2)}:1`)
}

const SURFACES = ['--bg', '--surface', '--surface-raised'] as const
const TONES = ['--c-ok', '--c-warn', '--c-critical', '--c-info', '--c-accent', '--c-purple', '--c-neutral']
const DARK_TONES = ['--dark-c-ok', '--dark-c-warn', '--dark-c-critical', '--dark-c-info', '--dark-c-neutral']

const cross = (fgs: readonly string[], bgs: readonly string[]): [string, string][] =>
  fgs.flatMap((fg) => bgs.map((bg): [string, string] => [fg, bg]))

const THEMES = {
  desktop: tokensOf(themeCss, "[data-theme='desktop']"),
  wall: tokensOf(themeCss, "[data-theme='wall']"),
}

describe('theme colour tokens', () => {
  for (const [name, tokens] of Object.entries(THEMES)) {
    describe(name, () => {
      it('draws text and tones at 4.5:1 on every surface', () => {
        expect(failures(tokens, cross(['--text', '--text-muted', ...TONES], SURFACES))).toEqual([])
      })

      it('draws text on a tone fill at 4.5:1 (critical badges, the pressed tab, filter chips)', () => {
        expect(
          failures(tokens, [
            ['--on-critical', '--c-critical'],
            ['--on-accent', '--c-accent'],
            // A pressed filter chip is its tone with the surface colour as text.
            ...cross(['--surface'], TONES),
          ]),
        ).toEqual([])
      })

      it('draws the status strip and the dark map at 4.5:1', () => {
        expect(
          failures(tokens, [
            ...cross(['--strip-text', '--strip-text-muted', ...DARK_TONES], ['--strip-bg']),
            ['--dark-on-critical', '--dark-c-critical'],
          ]),
        ).toEqual([])
      })
    })
  }

  it('keeps the tones recognisable: warn is amber, critical vermillion, info blue, ok green', () => {
    // Hue in degrees from #rrggbb: the tones may move in lightness for contrast, not in meaning.
    const hue = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
        number,
        number,
        number,
      ]
      const max = Math.max(r, g, b)
      const d = max - Math.min(r, g, b)
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
      return (h * 60 + 360) % 360
    }
    for (const tokens of Object.values(THEMES)) {
      expect(hue(token(tokens, '--c-warn'))).toBeGreaterThanOrEqual(35)
      expect(hue(token(tokens, '--c-warn'))).toBeLessThanOrEqual(45)
      expect(hue(token(tokens, '--c-critical'))).toBeGreaterThanOrEqual(20)
      expect(hue(token(tokens, '--c-critical'))).toBeLessThanOrEqual(30)
      expect(hue(token(tokens, '--c-info'))).toBeGreaterThanOrEqual(195)
      expect(hue(token(tokens, '--c-info'))).toBeLessThanOrEqual(210)
      expect(hue(token(tokens, '--c-ok'))).toBeGreaterThanOrEqual(155)
      expect(hue(token(tokens, '--c-ok'))).toBeLessThanOrEqual(170)
    }
  })
})

describe('the replay colour', () => {
  const alarms = tokensOf(alarmsCss, ':root')
  const hue = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
      number,
      number,
      number,
    ]
    const max = Math.max(r, g, b)
    const d = max - Math.min(r, g, b)
    const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
    return (h * 60 + 360) % 360
  }
  const apart = (a: number, b: number): number => Math.min(Math.abs(a - b), 360 - Math.abs(a - b))
  // The dark desktop sets only what differs from the light one; its replay pair is its own.
  const withDark = {
    ...THEMES,
    desktopDark: new Map([
      ...THEMES.desktop,
      ...tokensOf(themeCss, "[data-theme='desktop'][data-scheme='dark']"),
    ]) as Tokens,
  }

  it('draws the REPLAY band at 4.5:1 in every theme', () => {
    for (const tokens of Object.values(withDark)) {
      expect(failures(tokens, [['--on-replay', '--replay']])).toEqual([])
    }
  })

  it('is a colour used for nothing else: 40° of hue from every tone and alarm colour', () => {
    const others = [
      ...Object.values(withDark).flatMap((tokens) =>
        TONES.filter((t) => t !== '--c-neutral').map((t) => token(tokens, t)),
      ),
      token(alarms, '--alarm-high'),
      token(alarms, '--alarm-medium'),
      token(alarms, '--alarm-low'),
    ]
    for (const tokens of Object.values(withDark)) {
      const replay = hue(token(tokens, '--replay'))
      for (const other of others) expect(apart(replay, hue(other))).toBeGreaterThanOrEqual(40)
    }
  })
})

describe('alarm colours (IEC 60601-1-8: high red, medium yellow, low cyan)', () => {
  const alarms = tokensOf(alarmsCss, ':root')

  it('draws the alarm text at 4.5:1 on its priority fill', () => {
    expect(
      failures(alarms, [
        ['--alarm-on-high', '--alarm-high'],
        ['--alarm-on-medium', '--alarm-medium'],
        ['--alarm-on-low', '--alarm-low'],
      ]),
    ).toEqual([])
  })
})
