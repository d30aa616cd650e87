/**
 * `npm run graph`: draws the import graph between the folders of each area, as dependency-cruiser sees
 * it with the rules of `npm run lint:deps`, into docs/architecture.md between the layer-graph markers
 * (Mermaid, which GitHub and most Markdown viewers render). Folders stand in their layer's row, highest
 * layer on top, so every arrow of a layered area points down; areas without a layer file show their
 * folders in one row. Tests beside the code are left out: the graph is the product's.
 *
 *   node scripts/drawLayerGraph.ts           rewrite the graph in docs/architecture.md
 *   node scripts/drawLayerGraph.ts --check   exit 1 if docs/architecture.md's graph is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { cruise, type ICruiseResult } from 'dependency-cruiser'

type LayerFile = { area: string; layers: string[][]; isolated?: string[] }
type LayerRules = {
  AREAS: readonly string[]
  cruiseOptions: Record<string, unknown>
  readLayerFiles(root: string): LayerFile[]
}

const root = resolve(import.meta.dirname, '..')
const { AREAS, cruiseOptions, readLayerFiles } = createRequire(import.meta.url)(
  join(root, 'build/layerRules.cjs'),
) as LayerRules
const DOC = join(root, 'docs/architecture.md')
const START = '<!-- layer-graph:start (npm run graph) -->'
const END = '<!-- layer-graph:end -->'

/** `gateway/ingest/createIngest.ts` → `gateway/ingest`; a file directly in an area → `gateway/`. */
const folderOf = (path: string): string | null => {
  const parts = path.split('/')
  if (!AREAS.includes(parts[0]!)) return null
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : `${parts[0]}/`
}
const id = (folder: string): string => folder.replace(/[^\w]/g, '_')

async function draw(): Promise<string> {
  process.chdir(root)
  const result = await cruise([...AREAS], {
    ...cruiseOptions,
    tsConfig: { fileName: 'tsconfig.base.json' },
    exclude: { path: '^(out|release|test-results)/|\\.test\\.tsx?$|/testing/|vite\\.config\\.ts$' },
    includeOnly: `^(${AREAS.join('|')})/`,
  })
  const { modules } = result.output as ICruiseResult
  const edges = new Set<string>()
  const folders = new Set<string>()
  for (const m of modules) {
    const from = folderOf(m.source)
    if (from === null) continue
    folders.add(from)
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved)
      if (to === null || to === from) continue
      folders.add(to)
      edges.add(`${from} ${to}`)
    }
  }
  const layered = new Map(readLayerFiles(root).map((f) => [f.area, f]))
  const areaOf = (folder: string): string => folder.split('/')[0]!
  const blocks: string[] = []

  const between = new Set(
    [...edges]
      .map((e) => e.split(' ').map(areaOf))
      .filter(([a, b]) => a !== b)
      .map((p) => p.join(' ')),
  )
  blocks.push(
    [
      '**Between areas**',
      '',
      '```mermaid',
      'flowchart TB',
      ...AREAS.map((a) => `  ${a}["${a}/"]`),
      ...[...between].sort().map((e) => `  ${e.replace(' ', ' --> ')}`),
      '```',
    ].join('\n'),
  )

  for (const area of AREAS) {
    const here = [...folders].filter((f) => areaOf(f) === area).sort()
    if (here.length === 0) continue
    const file = layered.get(area)
    const lines = [
      `**${area}/**${file ? '' : ' (no layer file yet: its folders in one row)'}`,
      '',
      '```mermaid',
      'flowchart TB',
    ]
    const rows: { name: string; folders: string[] }[] = []
    if (here.includes(`${area}/`)) rows.push({ name: 'composition root', folders: [`${area}/`] })
    if (file) {
      for (const [i, layer] of [...file.layers.entries()].reverse()) {
        rows.push({
          name: `layer ${i}`,
          folders: layer.map((f) => `${area}/${f}`).filter((f) => here.includes(f)),
        })
      }
      const iso = (file.isolated ?? []).map((f) => `${area}/${f}`).filter((f) => here.includes(f))
      if (iso.length > 0) rows.push({ name: 'own bundle', folders: iso })
    } else {
      rows.push({ name: 'folders', folders: here.filter((f) => f !== `${area}/`) })
    }
    for (const row of rows.filter((r) => r.folders.length > 0)) {
      lines.push(`  subgraph ${id(`${area} ${row.name}`)}["${row.name}"]`, '    direction LR')
      for (const f of row.folders) {
        lines.push(`    ${id(f)}["${f === `${area}/` ? `${area}/*.ts` : f.slice(area.length + 1)}"]`)
      }
      lines.push('  end')
    }
    for (const edge of [...edges].sort()) {
      const [from, to] = edge.split(' ') as [string, string]
      if (areaOf(from) === area && areaOf(to) === area) lines.push(`  ${id(from)} --> ${id(to)}`)
    }
    lines.push('```')
    blocks.push(lines.join('\n'))
  }
  return blocks.join('\n\n')
}

const graph = await draw()
const doc = readFileSync(DOC, 'utf8')
const start = doc.indexOf(START)
const end = doc.indexOf(END)
if (start < 0 || end < start) {
  process.stderr.write(`docs/architecture.md has no ${START} … ${END} markers\n`)
  process.exit(1)
}
const next = `${doc.slice(0, start + START.length)}\n${graph}\n${doc.slice(end)}`
if (process.argv.includes('--check')) {
  if (next !== doc) {
    process.stderr.write('docs/architecture.md: the layer graph is out of date; run `npm run graph`\n')
    process.exit(1)
  }
  process.stdout.write('docs/architecture.md: the layer graph is up to date\n')
} else {
  writeFileSync(DOC, next)
  process.stdout.write(`docs/architecture.md: layer graph of ${graph.split('\n').length} lines written\n`)
}
