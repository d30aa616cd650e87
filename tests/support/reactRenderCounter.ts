/**
 * Counts React component renders in a test, by component name and by the panel they sit in
 * (`[data-panel]`): a stand-in for React DevTools' global hook, which React calls on every commit.
 * Import it before anything imports `react-dom` (React looks for the hook when it loads).
 *
 * A function or class component counts as rendered in a commit when it performed work (React's
 * `PerformedWork` flag) with props or hook state it had not committed before: the same rule as
 * `bench:idle --renders` (tests/bench/renderCount.ts), so a test and the bench count alike.
 */
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

export type RenderCount = { readonly component: string; readonly region: string }

const PERFORMED_WORK = 1
// FunctionComponent 0, ClassComponent 1, ForwardRef 11, SimpleMemoComponent 15.
const COMPONENT_TAGS = new Set([0, 1, 11, 15])
const HOST_COMPONENT = 5

const seen = new WeakMap<object, { props: unknown; state: unknown }>()
let renders: RenderCount[] = []

function nameOf(fiber: Fiber): string {
  const type = (fiber.tag === 11 ? (fiber.type as { render?: unknown }).render : fiber.type) as
    { displayName?: string; name?: string } | undefined
  return type?.displayName ?? type?.name ?? '(anonymous)'
}

function regionOf(fiber: Fiber): string {
  for (let f: Fiber | null = fiber.return; f; f = f.return) {
    if (f.tag === HOST_COMPONENT && f.stateNode instanceof Element) {
      return f.stateNode.closest('[data-panel]')?.getAttribute('data-panel') ?? 'app'
    }
  }
  return 'app'
}

function visit(root: Fiber | null): void {
  const stack: Fiber[] = root ? [root] : []
  while (stack.length > 0) {
    const fiber = stack.pop() as Fiber
    if (COMPONENT_TAGS.has(fiber.tag) && (fiber.flags & PERFORMED_WORK) !== 0) {
      const last = seen.get(fiber)
      if (!last || last.props !== fiber.memoizedProps || last.state !== fiber.memoizedState) {
        seen.set(fiber, { props: fiber.memoizedProps, state: fiber.memoizedState })
        renders.push({ component: nameOf(fiber), region: regionOf(fiber) })
      }
    }
    if (fiber.sibling) stack.push(fiber.sibling)
    if (fiber.child) stack.push(fiber.child)
  }
}

;(globalThis as { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true,
  renderers: new Map(),
  inject: () => 1,
  checkDCE: () => undefined,
  onScheduleFiberRoot: () => undefined,
  onCommitFiberUnmount: () => undefined,
  onPostCommitFiberRoot: () => undefined,
  onCommitFiberRoot: (_id: number, root: { current: Fiber }) => visit(root.current),
}

/** The renders counted since the last call (and starts counting afresh). */
export function takeRenders(): RenderCount[] {
  const taken = renders
  renders = []
  return taken
}

/** `renders` as `component@region → count`, for readable assertions. */
export function tally(list: readonly RenderCount[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const r of list) out[`${r.component}@${r.region}`] = (out[`${r.component}@${r.region}`] ?? 0) + 1
  return out
}
