import { defineConfig } from 'vite'

// import.meta.dirname, not node:path: the renderer lint forbids Node modules even in its build config.
const root = import.meta.dirname

/**
 * The renderer build: one page, served by the gateway (browser host) or from app:// (Electron).
 * `base: './'` keeps asset URLs relative so both work. JSX comes from the tsconfig
 * (`jsx: react-jsx`). Nothing inline: the page must run under a CSP without 'unsafe-inline' or
 * 'unsafe-eval'.
 */
export default defineConfig({
  root,
  base: './',
  build: {
    outDir: `${root}/../out/renderer`,
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // Inline assets become data: URLs; keep them files so the CSP can stay 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
})
