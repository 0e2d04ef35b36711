/**
 * Where code runs is fixed by its folder; these rules keep it so (`npm run lint:deps`, and a
 * test in `npm test`): the renderer never reaches main or Node, the core never reaches Electron
 * or the glue, the shared contract stays free of Node, the TOML layer stays below the app's
 * config and actor, and no module depends on itself through others.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-not-to-main',
      severity: 'error',
      comment: 'The renderer runs sandboxed in a browser: it reaches main only through the contract.',
      from: { path: '^renderer/' },
      to: { path: '^main/' },
    },
    {
      name: 'renderer-not-to-node',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-not-to-electron',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'core-not-to-electron-or-glue',
      severity: 'error',
      comment: 'main/core is pure Node: the Electron shell, browser mode and the CLI all run it.',
      from: { path: '^main/core/' },
      to: { path: '^electron$|node_modules/electron/|^main/(electron|headless)/|^renderer/' },
    },
    {
      name: 'glue-through-core-index',
      severity: 'error',
      comment: 'The Electron and browser-mode glue use the core through its one public module.',
      from: { path: '^main/(electron|headless)/', pathNot: '\\.test\\.ts$|/test-support/' },
      to: { path: '^main/core/', pathNot: '^main/core/index\\.ts$' },
    },
    {
      name: 'headless-not-to-electron',
      severity: 'error',
      from: { path: '^main/headless/' },
      to: { path: '^electron$|node_modules/electron/|^main/electron/' },
    },
    {
      name: 'shared-not-to-node-or-main',
      severity: 'error',
      comment: 'shared/ is compiled into the renderer too: zod and itself only.',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^shared/|node_modules/zod/' },
    },
    {
      name: 'toml-layer-below-config-and-actor',
      severity: 'error',
      comment: 'The file-writing layer knows TOML files, not DAQ configs or the actor that uses it.',
      from: { path: '^main/core/persistence/', pathNot: '\\.test\\.ts$|/test-support/' },
      to: { path: '^main/core/(config|actor|changes|transactions|versioning)/' },
    },
    {
      name: 'toml-editor-stands-alone',
      severity: 'error',
      comment: 'The TOML editor is a library: it knows TOML text only, and reads or writes no file of the app.',
      from: { path: '^main/core/toml-edit/', pathNot: '\\.test\\.ts$|/test-support/' },
      to: { path: '^(main|shared)/', pathNot: '^main/core/toml-edit/' },
    },
    {
      name: 'toml-editor-through-its-index',
      severity: 'error',
      comment: 'The rest of the app uses the TOML editor through its public API (toml-edit/index.ts).',
      from: { path: '^(main|bench|scripts)/', pathNot: '^main/core/toml-edit/|\\.test\\.ts$|/test-support/' },
      to: { path: '^main/core/toml-edit/', pathNot: '^main/core/toml-edit/index\\.ts$' },
    },
    {
      name: 'product-not-to-tests',
      severity: 'error',
      comment: 'Test doubles and kits are for tests; nothing that ships may import them.',
      from: { path: '^(main|shared|renderer)/', pathNot: '\\.test\\.tsx?$|/test-support/' },
      to: { path: '\\.test\\.tsx?$|/test-support/|node_modules/(vitest|fast-check|@playwright)/' },
    },
    {
      name: 'preload-only-electron-and-command-names',
      severity: 'error',
      comment: 'The sandboxed preload builds window.daq from the zod-free command list alone.',
      from: { path: '^main/electron/preload\\.ts$' },
      to: { pathNot: '^electron$|node_modules/electron/|^shared/ipc/command-names\\.ts$' },
    },
    {
      name: 'product-not-to-bench',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/' },
      to: { path: '^bench/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|coverage|reports)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
  },
};
