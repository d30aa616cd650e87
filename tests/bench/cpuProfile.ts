/**
 * Reading CDP profiles for the browser benches: where the main thread's time (or the heap) went,
 * located in the renderer's sources through the source maps the gateway serves beside the bundle.
 */
import { SourceMap } from 'node:module'

export type CallFrame = {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

export type CpuProfile = {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[]
  readonly samples?: readonly number[]
  readonly timeDeltas?: readonly number[]
}

const fmt = (v: number, digits = 0): string => (Number.isFinite(v) ? v.toFixed(digits) : '–')

/** `frame` as `source:line` through the bundle's source map (fetched once per bundle URL). */
export function createSourceLocator(): (frame: CallFrame) => Promise<string> {
  const maps = new Map<string, SourceMap | null>()
  return async (frame) => {
    if (!frame.url.startsWith('http')) return frame.url || '(native)'
    if (!maps.has(frame.url)) {
      const response = await fetch(`${frame.url}.map`).catch(() => null)
      maps.set(frame.url, response?.ok ? new SourceMap((await response.json()) as never) : null)
    }
    const entry = maps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber)
    if (entry && 'originalSource' in entry) {
      const source = entry.originalSource.replace(/^.*?(node_modules\/|renderer\/|shared\/)/, '$1')
      return `${source}:${entry.originalLine + 1}`
    }
    return `${frame.url.split('/').pop() ?? frame.url}:${frame.lineNumber + 1}`
  }
}

/** The functions with the most self time in `profile`, located in the sources via source maps. */
export async function topSelfTime(profile: CpuProfile, count: number): Promise<string[]> {
  const selfMs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  // timeDeltas[i] is the time before sample i; attribute it to the sample that follows it.
  for (let i = 0; i < samples.length; i += 1) {
    const id = samples[i] ?? 0
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i] ?? 0) / 1000)
  }
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0)
  const byFrame = new Map<string, { ms: number; frame: CallFrame }>()
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0
    if (ms === 0) continue
    const f = node.callFrame
    const key = `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`
    const entry = byFrame.get(key) ?? { ms: 0, frame: f }
    entry.ms += ms
    byFrame.set(key, entry)
  }
  const locate = createSourceLocator()
  const sorted = [...byFrame.values()].sort((a, b) => b.ms - a.ms)
  const lines: string[] = []
  // By area too: one hot function rarely tells the story when the cost is spread over a library.
  const byArea = new Map<string, number>()
  for (const { ms, frame } of sorted) {
    const where = await locate(frame)
    const area =
      /^node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(where)?.[1] ??
      /^((?:renderer|shared)\/[^/]+(?:\/[^/.]+(?=\/))?)/.exec(where)?.[1] ??
      (where.startsWith('(') ? frame.functionName : 'other')
    byArea.set(area, (byArea.get(area) ?? 0) + ms)
    if (lines.length < count) {
      lines.push(
        `    ${fmt(ms).padStart(6)} ms ${fmt((ms / total) * 100, 1).padStart(5)} %  ${(frame.functionName || '(anonymous)').padEnd(28)} ${where}`,
      )
    }
  }
  const areas = [...byArea.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([area, ms]) => `    ${fmt(ms).padStart(6)} ms ${fmt((ms / total) * 100, 1).padStart(5)} %  ${area}`)
  return [
    `  CPU profile, self time by function (of ${fmt(total)} ms sampled on the main thread):`,
    ...lines,
    '  … and by area (package or source folder):',
    ...areas,
  ]
}
