/**
 * `npm run test:e2e` (after the renderer build): runs every `tests/e2e/**\/*.spec.ts` with vitest.
 * Extra arguments filter spec files, e.g. `node tests/e2e/run.ts frame`.
 * Screenshots and other artifacts go to `test-results/`, with the JSON report (vitest-e2e.json).
 */
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startVitest } from 'vitest/node'

const repo = fileURLToPath(new URL('../..', import.meta.url))
process.chdir(repo)

if (!existsSync('out/renderer/index.html')) {
  process.stderr.write(
    'e2e: out/renderer is missing; run `npm run build:renderer` first (npm run test:e2e does)\n',
  )
  process.exit(2)
}
mkdirSync('test-results', { recursive: true })

const vitest = await startVitest('test', process.argv.slice(2), {
  config: 'tests/e2e/vitest.e2e.config.ts',
  run: true,
  watch: false,
  // The JSON report is what `npm run safety:trace` reads to prove the hazard log's e2e controls ran.
  reporters: ['default', 'json'],
  outputFile: { json: 'test-results/vitest-e2e.json' },
})
await vitest.close()
// startVitest sets process.exitCode when a test fails or no spec was found.
process.exit(process.exitCode ?? 0)
