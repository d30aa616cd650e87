/** YAML imported without `?raw` is parsed at build time (renderer/vite.config.ts): its data, unvalidated. */
declare module '*.yaml' {
  const data: unknown
  export default data
}
