#!/usr/bin/env node
// Bundles the compiled CLI into one CommonJS file, dist/bundle/cli.cjs, the package's `bin`.
// Start-up is a product feature: unbundled, Node loads ~120 ES modules (stslint plus `yaml`)
// and pays per module; one CommonJS file, which Node loads with less ceremony than ESM,
// took start-up from about 2.3× to 1.3× the CPU time of `node -e 0` when this was written.
// V8 compiles functions lazily, so parts used rarely (formatters, globbing) cost little.
// eslint-formatter-pretty (ESM only) and fast-glob stay external and are loaded on demand.
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The ESM build of `yaml` (its "node" export is CommonJS) so that unused parts are dropped.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  external: ['eslint-formatter-pretty', 'fast-glob'],
  // `import.meta.url` has no CommonJS meaning; give it this file's URL.
  define: { 'import.meta.url': '__stslintFileUrl', __STSLINT_WORKER_FILE__: '"./parse-worker.cjs"' },
  banner: { js: "const __stslintFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

// The CLI, and the worker thread that parses files when there are many (src/input/parallel.ts).
// eslint-formatter-pretty is ESM only and loads ~20 modules; it gets a CommonJS bundle of its
// own, loaded by the CLI only when there are findings to show (src/formatters/pretty.ts).
const prettyBundle = {
  name: 'pretty-formatter-bundle',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^eslint-formatter-pretty$/ }, () => ({ path: './eslint-formatter-pretty.cjs', external: true }));
  },
};
await build({ ...common, external: ['fast-glob'], plugins: [prettyBundle], entryPoints: ['dist/src/cli/main.js'], outfile: 'dist/bundle/cli.cjs' });
await build({ ...common, external: [], entryPoints: ['eslint-formatter-pretty'], outfile: 'dist/bundle/eslint-formatter-pretty.cjs' });
await build({ ...common, entryPoints: ['dist/src/input/parse-worker.js'], outfile: 'dist/bundle/parse-worker.cjs' });
// The language server (`stslint-language-server --stdio`): one file with vscode-languageserver
// inside, so that an editor starts it with nothing else installed.
await build({ ...common, external: [], entryPoints: ['dist/src/server/main.js'], outfile: 'dist/bundle/server.cjs' });
