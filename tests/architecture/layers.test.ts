/**
 * The layer check (`npm run lint:deps`) refuses an import that runs back up, in every area that has a
 * build/layers file. Each probe is written into a temporary tree under the OS temp dir that mirrors the
 * repository's paths and carries its real layer files, so the repository is never touched and tests
 * running beside this one see nothing.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { cruise, type ICruiseResult, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type LayerFile = {
  area: string
  layers: string[][]
  isolated?: string[]
  siblings?: string[]
  packages?: Record<string, string[]>
}
type LayerRules = {
  AREAS: readonly string[]
  cruiseOptions: Record<string, unknown>
  layerRules(root: string): IForbiddenRuleType[]
  packageRuleName(pkg: string): string
  readLayerFiles(root: string): LayerFile[]
}

const repo = resolve(import.meta.dirname, '../..')
const { AREAS, cruiseOptions, layerRules, packageRuleName, readLayerFiles } = createRequire(import.meta.url)(
  join(repo, 'build/layerRules.cjs'),
) as LayerRules
const covered = readLayerFiles(repo)

let tree: string
let violations: IViolation[]

const write = (path: string, body: string): void => {
  mkdirSync(dirname(join(tree, path)), { recursive: true })
  writeFileSync(join(tree, path), body)
}
/** A probe module exporting a value and a type, so imports of either kind resolve. */
const target = (path: string): void => write(path, 'export const probe = 1\nexport type Probe = number\n')
const importer = (path: string, from: string, kind: 'value' | 'type' = 'value'): void =>
  write(
    path,
    kind === 'value'
      ? `import { probe } from '${from}'\nexport const again = probe\n`
      : `import type { Probe } from '${from}'\nexport const again: Probe = 1\n`,
  )

const broken = (rule: string, from: string, to?: string): IViolation[] =>
  violations.filter(
    (v) => v.rule.name === rule && v.from === from && (to === undefined || v.to === to || v.to.endsWith(to)),
  )
const allFrom = (from: string): IViolation[] => violations.filter((v) => v.from === from)

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'watchfloor-layers-'))
  cpSync(join(repo, 'build/layers'), join(tree, 'build/layers'), { recursive: true })
  // Packages resolve as in the repository.
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'), 'dir')

  for (const { area, layers, isolated = [], siblings = [], packages = {} } of covered) {
    const low = layers[0]![0]!
    const high = layers.at(-1)![0]!
    target(`${area}/${high}/probeHigh.ts`)
    target(`${area}/${low}/probeLow.ts`)
    importer(`${area}/${low}/probeUp.ts`, `../${high}/probeHigh.ts`)
    importer(`${area}/${low}/probeTypeUp.ts`, `../${high}/probeHigh.ts`, 'type')
    importer(`${area}/${high}/probeDown.ts`, `../${low}/probeLow.ts`)
    importer(`${area}/probeRoot.ts`, `./${high}/probeHigh.ts`)
    importer(`${area}/probeNowhere/probeUnplaced.ts`, `../${low}/probeLow.ts`)
    write(
      `${area}/${low}/probeCycleA.ts`,
      "import { b } from './probeCycleB.ts'\nexport const a = (): number => b()\n",
    )
    write(
      `${area}/${low}/probeCycleB.ts`,
      "import { a } from './probeCycleA.ts'\nexport const b = (): number => a()\n",
    )
    for (const bundle of isolated) {
      importer(`${area}/${bundle}/probeOut.ts`, `../${low}/probeLow.ts`)
      target(`${area}/${bundle}/probeBundle.ts`)
      importer(`${area}/${high}/probeIn.ts`, `../${bundle}/probeBundle.ts`)
    }
    for (const parent of siblings) {
      target(`${area}/${parent}/probeB/probeB.ts`)
      importer(`${area}/${parent}/probeA/probeA.ts`, '../probeB/probeB.ts')
    }
    Object.keys(packages).forEach((pkg, i) => {
      // A folder no "packages" list names: a placed folder that is not the package's.
      write(`${area}/${low}/probePackage${i}.ts`, `import '${pkg}'\n`)
      write(
        `${area}/${low}/probePackageType${i}.ts`,
        `import type * as P from '${pkg}'\nexport type T = typeof P\n`,
      )
    })
  }
  for (const area of AREAS) target(`${area}/probeArea/probeArea.ts`)
  importer('shared/probeOut/probeOut.ts', '../../gateway/probeArea/probeArea.ts')
  importer('gateway/probeOut/probeOut.ts', '../../renderer/probeArea/probeArea.ts')

  const result = await cruise([...AREAS], {
    ...cruiseOptions,
    baseDir: tree,
    validate: true,
    ruleSet: { forbidden: layerRules(tree) },
  })
  violations = (result.output as ICruiseResult).summary.violations
  console.log(
    JSON.stringify(violations.slice(0, 5)),
    (result.output as ICruiseResult).modules.slice(0, 3).map((m) => m.source),
  )
}, 60_000)

afterAll(() => {
  rmSync(tree, { recursive: true, force: true })
})

describe('the layer check', () => {
  it('covers at least the gateway and electron areas', () => {
    expect(covered.map((f) => f.area)).toEqual(expect.arrayContaining(['gateway', 'electron']))
  })

  describe.each(covered)('in $area/', ({ area, layers, isolated = [], siblings = [], packages = {} }) => {
    const low = layers[0]![0]!
    const high = layers.at(-1)![0]!

    it(`refuses an import from the lowest layer (${low}) up to the highest (${high})`, () => {
      expect(
        broken(`${area}-layers`, `${area}/${low}/probeUp.ts`, `${area}/${high}/probeHigh.ts`),
      ).toHaveLength(1)
    })

    it('refuses a type-only import up as well', () => {
      expect(broken(`${area}-layers`, `${area}/${low}/probeTypeUp.ts`)).toHaveLength(1)
    })

    it('lets a higher layer import a lower one, and the composition root import anything', () => {
      expect(allFrom(`${area}/${high}/probeDown.ts`)).toEqual([])
      expect(allFrom(`${area}/probeRoot.ts`)).toEqual([])
    })

    it('refuses a cycle inside one layer', () => {
      expect(broken('no-circular', `${area}/${low}/probeCycleA.ts`).length).toBeGreaterThan(0)
    })

    it('refuses a folder the layer file does not place', () => {
      expect(broken(`${area}-unplaced-folder`, `${area}/probeNowhere/probeUnplaced.ts`)).toHaveLength(1)
    })

    if (isolated.length > 0)
      it('keeps each isolated bundle apart both ways', () => {
        for (const bundle of isolated) {
          expect(broken(`${area}-isolated`, `${area}/${bundle}/probeOut.ts`)).toHaveLength(1)
          expect(broken(`${area}-isolated`, `${area}/${high}/probeIn.ts`)).toHaveLength(1)
        }
      })

    if (siblings.length > 0)
      it('keeps sibling folders apart', () => {
        for (const parent of siblings) {
          expect(broken(`${area}-siblings`, `${area}/${parent}/probeA/probeA.ts`)).toHaveLength(1)
        }
      })

    if (Object.keys(packages).length > 0)
      it('refuses a package outside its places, types excepted', () => {
        Object.keys(packages).forEach((pkg, i) => {
          const from = `${area}/${low}/probePackage${i}.ts`
          const allowedHere = Object.values(packages)
            .flat()
            .some((p) => from.startsWith(p))
          if (allowedHere) return
          expect(broken(packageRuleName(pkg), from), pkg).toHaveLength(1)
          expect(allFrom(`${area}/${low}/probePackageType${i}.ts`), pkg).toEqual([])
        })
      })
  })

  it('keeps the arrows between areas pointing into shared/', () => {
    expect(broken('shared-is-pure', 'shared/probeOut/probeOut.ts')).toHaveLength(1)
    expect(broken('gateway-sees-shared-only', 'gateway/probeOut/probeOut.ts')).toHaveLength(1)
  })
})
