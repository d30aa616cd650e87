/**
 * Which npm packages a built bundle still loads at run time — what the packaged app needs in its
 * node_modules (scripts/packCheck.ts compares it with build/runtimeModules.json).
 */
import { builtinModules } from 'node:module'

/** Provided by Electron itself, never by node_modules. */
const RUNTIME_PROVIDED = new Set(['electron'])

const isBuiltin = (name: string): boolean =>
  name.startsWith('node:') ||
  builtinModules.includes(name) ||
  builtinModules.includes(name.split('/')[0] ?? '')

/** The package a specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (specifier: string): string => {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/**
 * The packages a built bundle loads at run time: `require("x")` (also Vite's `__require`),
 * `createRequire(import.meta.url)("x")`, top-level `import … from "x"` and `import("x")` — less
 * Node's builtins and what Electron provides. Bundled code is inlined, so what remains is external.
 */
export function runtimeRequires(bundle: string): string[] {
  const patterns = [
    /(?<![\w$.])(?:__require|require)\(\s*"([^"]+)"\s*\)/g,
    /createRequire\(import\.meta\.url\)\(\s*"([^"]+)"\s*\)/g,
    /^import\s[^;]*?from\s*"([^"]+)"/gm,
    /^import\s*"([^"]+)"/gm,
    /(?<![\w$.])import\(\s*"([^"]+)"\s*\)/g,
  ]
  const found = new Set<string>()
  for (const pattern of patterns) {
    for (const match of bundle.matchAll(pattern)) {
      const specifier = match[1]
      if (specifier === undefined || specifier.startsWith('.') || isBuiltin(specifier)) continue
      if (!RUNTIME_PROVIDED.has(specifier)) found.add(packageOf(specifier))
    }
  }
  return [...found].sort()
}

/** What the list says against what the bundles load: both directions are errors. */
export function compareRuntimeModules(
  listed: readonly string[],
  loaded: readonly string[],
): { readonly missing: string[]; readonly unused: string[] } {
  return {
    missing: loaded.filter((name) => !listed.includes(name)),
    unused: listed.filter((name) => !loaded.includes(name)),
  }
}
