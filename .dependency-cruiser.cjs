// @ts-check
/**
 * The import graph's rules (`npm run lint:deps`, part of `npm run lint`): generated from
 * build/layers/*.json by build/layerRules.cjs, which says what they hold. `npm run graph` draws the
 * layer graph in docs/architecture.md from the same cruise.
 */
const { cruiseOptions, layerRules } = require('./build/layerRules.cjs')

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: layerRules(__dirname),
  options: {
    ...cruiseOptions,
    tsConfig: { fileName: 'tsconfig.base.json' },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
}
