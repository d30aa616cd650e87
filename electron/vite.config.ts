import { existsSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { build, defineConfig } from 'vite'
import type { InlineConfig, Plugin, UserConfig } from 'vite'

/**
 * `npm run build:electron` — three bundles, each self-contained so the packaged app needs no
 * node_modules for them:
 * - out/main/main.cjs      Electron main (CommonJS, node24; electron + Node builtins external);
 * - out/preload/preload.cjs the preload, ONE CommonJS file (sandboxed preloads cannot load ESM or
 *                           chunks; only `electron` is external);
 * - out/gateway/main.js    the gateway, bundled from gateway/main.ts as ESM, which main forks
 *                           with utilityProcess for the embedded demo gateway. electron/ never
 *                           imports gateway/ code; it only knows this output path.
 * Main is the Vite build proper; the other two run from its closeBundle hook, because one Vite
 * build cannot give the preload its own single-file CJS output.
 */
const root = resolve(import.meta.dirname, '..')
const nodeBuiltins = [/^node:/, ...builtinModules]

const preloadBuild: InlineConfig = {
  root,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'out/preload'),
    emptyOutDir: true,
    target: 'chrome130',
    minify: false,
    sourcemap: false,
    lib: {
      entry: resolve(root, 'electron/preload/preload.ts'),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'], output: { codeSplitting: false } },
  },
}

const gatewayEntry = resolve(root, 'gateway/main.ts')
const gatewayBuild: InlineConfig = {
  root,
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: gatewayEntry,
    outDir: resolve(root, 'out/gateway'),
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: nodeBuiltins,
      output: { format: 'esm', entryFileNames: 'main.js', codeSplitting: false },
    },
  },
}

const alsoBuildPreloadAndGateway = (): Plugin => ({
  name: 'watchfloor-preload-and-gateway',
  apply: 'build',
  async closeBundle() {
    await build(preloadBuild)
    // The gateway is another engineer's tree; build it when it is there.
    if (existsSync(gatewayEntry)) await build(gatewayBuild)
  },
})

const mainBuild: UserConfig = {
  root,
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  plugins: [alsoBuildPreloadAndGateway()],
  build: {
    ssr: resolve(root, 'electron/main/main.ts'),
    outDir: resolve(root, 'out/main'),
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: ['electron', ...nodeBuiltins],
      output: { format: 'cjs', entryFileNames: 'main.cjs', codeSplitting: false },
    },
  },
}

export default defineConfig(mainBuild)
