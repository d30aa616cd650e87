// @ts-check
/**
 * dependency-cruiser's rules, generated from build/layers/<area>.json (docs/architecture.md, "How the
 * code is laid out"). One layer file per area, written by the area's owner:
 *
 *   { "area": "gateway",
 *     "layers": [["core"], ["log", "store"], …, ["server"]],   folders directly under the area, lowest first
 *     "isolated": ["preload"],                                 optional: bundles of their own
 *     "siblings": ["adapters"],                                optional: their sub-folders never import each other
 *     "packages": { "mqtt": ["gateway/adapters/mqtt/"] } }     optional: the only places a package is imported
 *
 * - A file imports from its own layer or a lower one, never a higher one. Type-only imports count: a type
 *   is a dependency for the reader even when the compiler erases it.
 * - Files directly in the area folder (gateway/main.ts, gateway/startGateway.ts) are composition roots
 *   and may import anything.
 * - Every folder with code under an area that has a layer file must be placed in it (a new folder is a
 *   decision about the layers, not an accident).
 * - `packages` limits runtime imports (type-only imports are erased) in product code of every area; the
 *   tests beside the code and the composition roots may import anything. Lists for one package in
 *   several layer files add up.
 * - Whatever the layer files say: no import cycles anywhere, and the four arrows between areas all
 *   point into shared/ (shared/ imports none of the others).
 *
 * An area without a layer file is held only by the last two. This file is plain CommonJS so both the
 * CLI (.dependency-cruiser.cjs) and the architecture test (on a temporary tree) can load it.
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs')
const { join } = require('node:path')

const AREAS = ['shared', 'gateway', 'electron', 'renderer']
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/

/** Escapes a literal for a regular expression. */
const lit = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The name of the rule that keeps `pkg` in its places: one rule per package, so an error names the
 * package it is about.
 * @param {string} pkg
 */
const packageRuleName = (pkg) => `package-placement-${pkg.replace(/[^a-z0-9]+/gi, '-')}`

const any = (names) => `(${names.map(lit).join('|')})`

/** @param {string} dir */
const hasSource = (dir) =>
  readdirSync(dir, { withFileTypes: true }).some((d) =>
    d.isDirectory() ? d.name !== 'node_modules' && hasSource(join(dir, d.name)) : SOURCE.test(d.name),
  )

/**
 * @typedef {{ area: string, layers: string[][], isolated?: string[], siblings?: string[],
 *   packages?: Record<string, string[]> }} LayerFile
 */

/** Reads and checks every build/layers/*.json under `root`; throws on a malformed file. */
function readLayerFiles(root) {
  const dir = join(root, 'build', 'layers')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const where = `build/layers/${name}`
      /** @type {LayerFile} */
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8'))
      const fail = (why) => {
        throw new Error(`${where}: ${why}`)
      }
      if (!AREAS.includes(file.area)) fail(`"area" must be one of ${AREAS.join(', ')}`)
      if (name !== `${file.area}.json`) fail(`the file for area "${file.area}" is named ${file.area}.json`)
      const isStrings = (v) =>
        Array.isArray(v) && v.every((s) => typeof s === 'string' && /^[\w.-]+$/.test(s))
      if (!Array.isArray(file.layers) || !file.layers.every(isStrings)) {
        fail('"layers" is a list of lists of folder names, lowest layer first')
      }
      for (const key of ['isolated', 'siblings']) {
        if (file[key] !== undefined && !isStrings(file[key])) fail(`"${key}" is a list of folder names`)
      }
      const placed = [...file.layers.flat(), ...(file.isolated ?? [])]
      const twice = placed.filter((f, i) => placed.indexOf(f) !== i)
      if (twice.length > 0) fail(`placed twice: ${twice.join(', ')}`)
      for (const s of file.siblings ?? [])
        if (!placed.includes(s)) fail(`sibling folder "${s}" is in no layer`)
      for (const [pkg, paths] of Object.entries(file.packages ?? {})) {
        if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
          fail(`"packages.${pkg}" is a list of path prefixes`)
        }
      }
      return file
    })
}

/** The forbidden rules for the tree at `root` (the repository, or a test's temporary copy). */
function layerRules(root) {
  const files = readLayerFiles(root)
  /** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
  const rules = [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere: a cycle makes two modules one, whatever the folders say.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'shared/ imports nothing from the other areas.',
      from: { path: '^shared/' },
      to: { path: '^(gateway|electron|renderer)/' },
    },
    ...['gateway', 'electron', 'renderer'].map((area) => ({
      name: `${area}-sees-shared-only`,
      severity: /** @type {const} */ ('error'),
      comment: `${area}/ imports from itself and shared/ only.`,
      from: { path: `^${area}/` },
      to: { path: `^(${AREAS.filter((a) => a !== area && a !== 'shared').join('|')})/` },
    })),
  ]

  for (const file of files) {
    const { area, layers } = file
    const isolated = file.isolated ?? []
    const placed = [...layers.flat(), ...isolated]
    const source = `build/layers/${area}.json`

    layers.forEach((layer, i) => {
      const higher = layers.slice(i + 1).flat()
      if (higher.length === 0) return
      rules.push({
        name: `${area}-layers`,
        severity: 'error',
        comment: `${area}/${layer.join(', ')} sit below ${higher.join(', ')} in ${source}: imports point down.`,
        from: { path: `^${area}/${any(layer)}/` },
        to: { path: `^${area}/${any(higher)}/` },
      })
    })

    if (isolated.length > 0) {
      rules.push(
        {
          name: `${area}-isolated`,
          severity: 'error',
          comment: `${isolated.join(', ')} is a bundle of its own (${source}): it imports nothing else in ${area}/.`,
          from: { path: `^${area}/${any(isolated)}/` },
          to: { path: `^${area}/`, pathNot: `^${area}/$1/` },
        },
        {
          name: `${area}-isolated`,
          severity: 'error',
          comment: `${isolated.join(', ')} is a bundle of its own (${source}): nothing in ${area}/ imports it.`,
          from: { path: `^${area}/`, pathNot: [`^${area}/${any(isolated)}/`, `^${area}/[^/]+$`] },
          to: { path: `^${area}/${any(isolated)}/` },
        },
      )
    }

    for (const parent of file.siblings ?? []) {
      rules.push({
        name: `${area}-siblings`,
        severity: 'error',
        comment: `the folders in ${area}/${parent}/ never import each other (${source}).`,
        from: { path: `^${area}/${lit(parent)}/([^/]+)/` },
        to: { path: `^${area}/${lit(parent)}/[^/]+/`, pathNot: `^${area}/${lit(parent)}/$1/` },
      })
    }

    const areaDir = join(root, area)
    const unplaced = existsSync(areaDir)
      ? readdirSync(areaDir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && !placed.includes(d.name) && hasSource(join(areaDir, d.name)))
          .map((d) => d.name)
      : []
    if (unplaced.length > 0) {
      rules.push({
        name: `${area}-unplaced-folder`,
        severity: 'error',
        comment: `${unplaced.map((f) => `${area}/${f}`).join(', ')}: place each folder in a layer of ${source}.`,
        from: { path: `^${area}/${any(unplaced)}/` },
        to: {},
      })
    }
  }

  /** @type {Map<string, string[]>} */
  const packages = new Map()
  for (const file of files) {
    for (const [pkg, paths] of Object.entries(file.packages ?? {})) {
      packages.set(pkg, [...(packages.get(pkg) ?? []), ...paths])
    }
  }
  for (const [pkg, paths] of packages) {
    rules.push({
      name: packageRuleName(pkg),
      severity: 'error',
      comment: `${pkg} is imported only in ${paths.join(', ')} (build/layers/*.json "packages").`,
      from: {
        path: `^${any(AREAS)}/`,
        pathNot: [...paths.map((p) => `^${lit(p)}`), `^${any(AREAS)}/[^/]+$`, '\\.test\\.tsx?$', '/testing/'],
      },
      to: {
        path: `(^|/)node_modules/${lit(pkg)}/|^${lit(pkg)}$`,
        dependencyTypesNot: ['type-only'],
      },
    })
  }
  return rules
}

/** Cruise options shared by the CLI config and the architecture test. */
const cruiseOptions = {
  tsPreCompilationDeps: true,
  doNotFollow: { path: '(^|/)node_modules/' },
  exclude: { path: '^(out|release|test-results)/' },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['import', 'require', 'node', 'default', 'types'],
    extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
  },
}

module.exports = { AREAS, cruiseOptions, layerRules, packageRuleName, readLayerFiles }
