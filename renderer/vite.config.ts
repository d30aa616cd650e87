import { defineConfig, type Plugin } from 'vite'
import { parse as parseYaml } from 'yaml'

// import.meta.dirname, not node:path: the renderer lint forbids Node modules even in its build config.
const root = import.meta.dirname

/**
 * `import data from './file.yaml'` gives the file's data, parsed here at build time, so the page
 * carries no YAML parser (the built-in rule pack was the only YAML the renderer read; the parser
 * was 6 % of the bundle). The data is still validated where it is used (parseRulePack), and the
 * pack's own unit test validates the file. `?raw` imports of YAML are left alone.
 */
function yamlAsData(): Plugin {
  return {
    name: 'watchfloor:yaml-as-data',
    transform(code, id) {
      if (!/\.ya?ml$/.test(id)) return null
      let data: unknown
      try {
        data = parseYaml(code)
      } catch (error) {
        this.error(`${id}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`)
      }
      // JSON.parse of a string literal: faster to start than an object literal, and no eval (CSP).
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))})`, map: null }
    },
  }
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`

/** Gzip size with the web platform's CompressionStream (no node:zlib here, see above). */
async function gzipSize(code: string): Promise<number> {
  const stream = new Blob([code]).stream().pipeThrough(new CompressionStream('gzip'))
  return (await new Response(stream).arrayBuffer()).byteLength
}

/**
 * A short table of the JavaScript chunks after Vite's full asset list: which chunk the first
 * paint loads and which load later, minified and gzip, biggest first. The README records it.
 */
function chunkSummary(): Plugin {
  let summary = ''
  return {
    name: 'watchfloor:chunk-summary',
    apply: 'build',
    async writeBundle(_options, bundle) {
      const all = Object.values(bundle).filter((item) => item.type === 'chunk')
      // First paint: the entry and what it imports statically; everything else loads on demand.
      const firstPaint = new Set<string>()
      const visit = (fileName: string): void => {
        if (firstPaint.has(fileName)) return
        firstPaint.add(fileName)
        for (const next of all.find((c) => c.fileName === fileName)?.imports ?? []) visit(next)
      }
      for (const chunk of all) if (chunk.isEntry) visit(chunk.fileName)
      const chunks = await Promise.all(
        all.map(async (chunk) => ({
          name: chunk.fileName.replace(/^assets\//, ''),
          loaded: firstPaint.has(chunk.fileName) ? 'first paint' : 'lazy',
          size: new Blob([chunk.code]).size,
          gzip: await gzipSize(chunk.code),
        })),
      )
      chunks.sort((a, b) => b.size - a.size)
      const width = Math.max(...chunks.map((c) => c.name.length))
      const first = chunks.filter((c) => c.loaded === 'first paint')
      const lines = [
        '',
        'renderer JavaScript chunks (minified, gzip):',
        ...chunks.map(
          (c) =>
            `  ${c.name.padEnd(width)}  ${kB(c.size).padStart(9)}  ${kB(c.gzip).padStart(9)}  ${c.loaded}`,
        ),
        `  first paint loads ${kB(first.reduce((n, c) => n + c.size, 0))} ` +
          `(gzip ${kB(first.reduce((n, c) => n + c.gzip, 0))}); the floor map's chunk loads with the first map.`,
        '',
      ]
      summary = lines.join('\n')
    },
    // After Vite's own list of every asset, so the summary is the last thing the build prints.
    closeBundle() {
      if (summary !== '') this.environment.logger.info(summary)
    },
  }
}

/**
 * The renderer build: one page, served by the gateway (browser host) or from app:// (Electron).
 * `base: './'` keeps asset URLs relative so both work. JSX comes from the tsconfig
 * (`jsx: react-jsx`). Nothing inline: the page must run under a CSP without 'unsafe-inline' or
 * 'unsafe-eval'.
 *
 * Chunks: the entry (React, the store, tables, KPIs, alarms) and the floor map (deck.gl, luma.gl),
 * which the app imports lazily so a board without a map never waits for it. `npm run build`
 * prints every chunk's size and gzip size; the README records them.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [yamlAsData(), chunkSummary()],
  build: {
    outDir: `${root}/../out/renderer`,
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // Inline assets become data: URLs; keep them files so the CSP can stay 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The floor map's chunk is deck.gl and luma.gl (about 780 kB) and loads only with a map; warn
    // when any chunk grows past it rather than on every build.
    chunkSizeWarningLimit: 850,
  },
})
