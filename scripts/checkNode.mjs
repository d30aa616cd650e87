// @ts-check
/**
 * The npm scripts' first step (`prestart`, `pretest`, …): is the Node running them Node 24?
 *
 * Plain JavaScript on purpose: this file must run on whatever Node the machine has (often Node 20,
 * which cannot load `.ts` files), so that a missing Node 24 is one line naming the fix rather than
 * `ERR_UNKNOWN_FILE_EXTENSION` and a stack trace. `npm ci` installs Node 24 as the dev dependency
 * `node` (node_modules/.bin/node), and `npm run` puts node_modules/.bin first on PATH, so every
 * script runs on it whatever the machine has.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'

const REQUIRED_MAJOR = 24
// No import.meta.dirname: it is newer than some of the Nodes this must run on.
const root = fileURLToPath(new URL('..', import.meta.url))
const major = Number(process.versions.node.split('.')[0])

if (major < REQUIRED_MAJOR) {
  const here = `\`node\` here is ${process.version} (${process.execPath})`
  const wrapper = join(root, 'node_modules', 'node')
  let fix
  if (!existsSync(join(root, 'node_modules'))) {
    fix = 'run `npm ci` first: it installs Node 24 into node_modules (the dev dependency `node`)'
  } else if (!existsSync(wrapper)) {
    fix = 'node_modules predates the Node 24 dev dependency: run `npm ci`'
  } else if (!existsSync(join(wrapper, 'bin', 'node'))) {
    // The package is there but its preinstall (which fetches the binary) was skipped:
    // `ignore-scripts=true`, or an allowScripts policy that denies it.
    fix =
      'node_modules/node has no Node 24 binary because its install script was skipped ' +
      '(npm ignore-scripts, or allowScripts): run `npm rebuild node --ignore-scripts=false`'
  } else {
    fix =
      'run it through npm (`npm start`, `npm test`, `npx node FILE`): npm puts node_modules/.bin first on PATH'
  }
  process.stderr.write(`watchfloor: needs Node ${REQUIRED_MAJOR}; ${here}. Fix: ${fix}.\n`)
  process.exit(1)
}
