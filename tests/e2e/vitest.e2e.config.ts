import { defineConfig } from 'vitest/config'

/**
 * End-to-end specs: a real gateway on 127.0.0.1 and headless Chromium (tests/support/browser.ts)
 * against the built renderer (out/renderer). Run by `tests/e2e/run.ts` (`npm run test:e2e`), which
 * builds nothing itself — the npm script builds the renderer first.
 *
 * One file at a time: each spec starts a gateway and a browser, and the machine has two cores.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.spec.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
})
