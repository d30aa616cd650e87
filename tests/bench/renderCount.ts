/**
 * What a board re-renders per second while it idles (`npm run bench:idle -- --renders`): counts
 * that do not depend on the machine's load, beside the bench's thread times.
 *
 * In the page, before its scripts, a stand-in for React DevTools' global hook receives every commit
 * (React calls it in production builds too) and, while counting is on, walks the committed tree:
 * a function or class component counts as rendered when it performed work in this commit (React's
 * `PerformedWork` flag) with props or hook state it had not committed before. Each render is put
 * to its component (named afterwards through the bundle's source map) and to the panel it sits in
 * (`[data-panel]`, or the nearest `data-testid` region: the status strip, the alarm banner).
 * Beside it: DOM mutations per panel (a MutationObserver), animation frames requested, and the CSS
 * animations running at the end (what makes the compositor work when nothing changes).
 * The walk costs time itself, so it runs in its own window, not in the measured one.
 */
import type { CDPSession, Page } from 'playwright-core'
import { createSourceLocator } from './cpuProfile.ts'

type Counter = {
  on: boolean
  commits: number
  frames: number
  /** component function → panel → renders */
  renders: Map<unknown, Map<string, number>>
  mutations: Map<string, number>
}

/** Runs in the page before its scripts (serialised by Playwright: self-contained). */
export function installRenderCounter(): void {
  const counter: Counter = { on: false, commits: 0, frames: 0, renders: new Map(), mutations: new Map() }
  const w = window as unknown as { __renderCounter: Counter; __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown }
  w.__renderCounter = counter
  const seen = new WeakMap<object, { props: unknown; state: unknown }>()
  type Fiber = {
    tag: number
    type: unknown
    flags: number
    child: Fiber | null
    sibling: Fiber | null
    return: Fiber | null
    stateNode: unknown
    memoizedProps: unknown
    memoizedState: unknown
  }
  const PERFORMED_WORK = 1
  // FunctionComponent 0, ClassComponent 1, ForwardRef 11, SimpleMemoComponent 15.
  const COMPONENT_TAGS = new Set([0, 1, 11, 15])
  const regionOf = (fiber: Fiber): string => {
    for (let f: Fiber | null = fiber.return; f; f = f.return) {
      if (f.tag === 5 && f.stateNode instanceof Element) {
        const el = f.stateNode
        const panel = el.closest('[data-panel]')
        if (panel) return `panel ${panel.getAttribute('data-panel') ?? '?'}`
        const region = el.closest('[data-testid]')
        return region ? (region.getAttribute('data-testid') ?? 'app') : 'app'
      }
    }
    return 'app'
  }
  const visit = (root: Fiber | null): void => {
    const stack: Fiber[] = root ? [root] : []
    while (stack.length > 0) {
      const fiber = stack.pop() as Fiber
      if (COMPONENT_TAGS.has(fiber.tag) && (fiber.flags & PERFORMED_WORK) !== 0) {
        const last = seen.get(fiber)
        if (!last || last.props !== fiber.memoizedProps || last.state !== fiber.memoizedState) {
          seen.set(fiber, { props: fiber.memoizedProps, state: fiber.memoizedState })
          const type =
            fiber.tag === 11
              ? ((fiber.type as { render?: unknown } | null)?.render ?? fiber.type)
              : fiber.type
          const byRegion = counter.renders.get(type) ?? new Map<string, number>()
          const region = regionOf(fiber)
          byRegion.set(region, (byRegion.get(region) ?? 0) + 1)
          counter.renders.set(type, byRegion)
        }
      }
      if (fiber.sibling) stack.push(fiber.sibling)
      if (fiber.child) stack.push(fiber.child)
    }
  }
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => undefined,
    onScheduleFiberRoot: () => undefined,
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      if (!counter.on) return
      counter.commits += 1
      visit(root.current)
    },
  }
  const raf = window.requestAnimationFrame.bind(window)
  window.requestAnimationFrame = (callback) => {
    if (counter.on) counter.frames += 1
    return raf(callback)
  }
  const observer = new MutationObserver((records) => {
    if (!counter.on) return
    for (const record of records) {
      const node = record.target instanceof Element ? record.target : record.target.parentElement
      const panel = node?.closest('[data-panel]')
      const region = panel
        ? `panel ${panel.getAttribute('data-panel') ?? '?'}`
        : (node?.closest('[data-testid]')?.getAttribute('data-testid') ?? 'app')
      counter.mutations.set(region, (counter.mutations.get(region) ?? 0) + 1)
    }
  })
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    }),
  )
}

/** Counts over `seconds` of the page as it is; returns lines for the bench's output. */
export async function countRenders(page: Page, cdp: CDPSession, seconds: number): Promise<string[]> {
  await page.evaluate(() => {
    const c = (window as unknown as { __renderCounter: Counter }).__renderCounter
    c.renders.clear()
    c.mutations.clear()
    c.commits = 0
    c.frames = 0
    c.on = true
  })
  // The window is the measurement's definition (renders per second with the feed as it is).
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  await page.evaluate(() => {
    ;(window as unknown as { __renderCounter: Counter }).__renderCounter.on = false
  })
  const scripts = new Map<string, string>()
  cdp.on('Debugger.scriptParsed', (event: { scriptId: string; url: string }) => {
    scripts.set(event.scriptId, event.url)
  })
  await cdp.send('Debugger.enable')
  const summary = await page.evaluate(() => {
    const c = (window as unknown as { __renderCounter: Counter }).__renderCounter
    const animations = document
      .getAnimations()
      .filter((a) => a.playState === 'running')
      .map((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target
        const name = (a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? 'script'
        const where = target?.closest('[data-panel]')?.getAttribute('data-panel') ?? 'app'
        return `${name} on .${String(target?.className ?? '?').split(' ')[0]} (${where})`
      })
    return {
      commits: c.commits,
      frames: c.frames,
      mutations: [...c.mutations.entries()],
      animations,
      total: [...c.renders.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0),
    }
  })
  // Name each component through its function's location and the bundle's source map.
  const handle = await cdp.send('Runtime.evaluate', {
    expression: '[...window.__renderCounter.renders.entries()].map(([fn, m]) => [fn, [...m.entries()]])',
    returnByValue: false,
  })
  const objectId = handle.result.objectId
  const locate = createSourceLocator()
  const rows: { name: string; where: string; regions: [string, number][]; count: number }[] = []
  if (objectId) {
    const { result } = await cdp.send('Runtime.getProperties', { objectId, ownProperties: true })
    for (const entry of result) {
      if (!/^\d+$/.test(entry.name) || !entry.value?.objectId) continue
      const pair = await cdp.send('Runtime.getProperties', {
        objectId: entry.value.objectId,
        ownProperties: true,
      })
      const fn = pair.result.find((p) => p.name === '0')?.value
      const regionsId = pair.result.find((p) => p.name === '1')?.value?.objectId
      const regions = regionsId
        ? ((
            await cdp.send('Runtime.callFunctionOn', {
              objectId: regionsId,
              functionDeclaration: 'function () { return this }',
              returnByValue: true,
            })
          ).result.value as [string, number][])
        : []
      let where = '?'
      let name = fn?.description?.match(/^(?:class|function)\s*([\w$]*)/)?.[1] ?? '?'
      if (fn?.objectId) {
        const props = await cdp.send('Runtime.getProperties', { objectId: fn.objectId, ownProperties: true })
        const location = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value
          ?.value as { scriptId: string; lineNumber: number; columnNumber: number } | undefined
        if (location) {
          where = await locate({
            functionName: name,
            url: scripts.get(location.scriptId) ?? '',
            lineNumber: location.lineNumber,
            columnNumber: location.columnNumber,
          })
        }
        const nameProp = props.result.find((p) => p.name === 'name')?.value?.value
        if (typeof nameProp === 'string' && nameProp !== '') name = nameProp
      }
      rows.push({ name, where, regions, count: regions.reduce((n, [, c]) => n + c, 0) })
    }
  }
  await cdp.send('Debugger.disable')
  const perS = (n: number): string => (n / seconds).toFixed(1)
  rows.sort((a, b) => b.count - a.count)
  const byRegion = new Map<string, number>()
  for (const row of rows)
    for (const [region, n] of row.regions) byRegion.set(region, (byRegion.get(region) ?? 0) + n)
  return [
    `  renders over ${seconds} s: ${perS(summary.total)} component renders/s in ${perS(summary.commits)} commits/s; ` +
      `${perS(summary.frames)} animation frames/s requested`,
    '  renders/s by region:',
    ...[...byRegion.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `    ${perS(n).padStart(6)}  ${r}`),
    '  renders/s by component (where):',
    ...rows.slice(0, 30).map(
      (r) =>
        `    ${perS(r.count).padStart(6)}  ${r.where}  [${r.regions
          .sort((a, b) => b[1] - a[1])
          .map(([g, n]) => `${g} ${perS(n)}`)
          .join(', ')}]`,
    ),
    '  DOM mutation records/s by region:',
    ...summary.mutations.sort((a, b) => b[1] - a[1]).map(([r, n]) => `    ${perS(n).padStart(6)}  ${r}`),
    `  CSS/Web animations running at the end: ${summary.animations.length}`,
    ...[...new Set(summary.animations)].slice(0, 15).map((a) => `    ${a}`),
  ]
}
