import { defineConfig } from 'vitest/config'

// Every project loads the clock shifter; it acts only when WATCHFLOOR_CLOCK_SHIFT_DAYS is set.
const setupFiles = ['tests/support/shiftClock.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'gateway/**/*.test.ts',
            'electron/**/*.test.ts',
            'build/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/docs/**/*.test.ts',
            'tests/architecture/**/*.test.ts',
            // Test-only code that has tests of its own (the IMDF validator).
            'tests/support/**/*.test.ts',
            'tests/bench/**/*.test.ts',
            // The bounded pass of `npm run fuzz` (a fixed number of inputs, a fixed seed).
            'tests/fuzz/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles,
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'node',
          // CSS is empty in tests unless asked for; `?raw` imports (the theme contrast test) need it.
          css: { include: [/\.css\?raw$/] },
          setupFiles,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.int.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
})
