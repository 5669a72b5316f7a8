#!/usr/bin/env node
// Bundles the compiled CLI into one CommonJS file, dist/bundle/stslint.cjs, loaded by the
// package's `bin`, dist/bundle/cli.cjs, from V8's code cache (src/cli/bin.ts).
// Start-up is a product feature: unbundled, Node loads ~120 ES modules (stslint plus `yaml`)
// and pays per module; one CommonJS file, which Node loads with less ceremony than ESM,
// took start-up from about 2.3× to 1.3× the CPU time of `node -e 0` when this was written.
// V8 compiles functions lazily, so parts used rarely (formatters, globbing) cost little.
//
// The bundles need no package at run time: every dependency is inlined, so an install from a
// release (scripts/release.mjs) gets no node_modules at all. fast-glob, needed only for glob
// inputs, is a chunk of its own (dist/bundle/fast-glob.cjs) loaded on demand.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { wrappedModule } from '../dist/src/shared/code-cache.js';

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The ESM build of `yaml` (its "node" export is CommonJS) so that unused parts are dropped.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [],
  // `import.meta.url` has no CommonJS meaning; give it this file's URL.
  define: { 'import.meta.url': '__stslintFileUrl', __STSLINT_WORKER_FILE__: '"./parse-worker.cjs"' },
  banner: { js: "const __stslintFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  // No native import(): the CLI bundle is run through vm.Script (src/cli/bin.ts), which has no
  // module loader for it; esbuild turns import() into require() of the CommonJS files.
  supported: { 'dynamic-import': false },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

// fast-glob is CommonJS and sizeable; the CLI loads it only for glob inputs (src/input/files.ts).
const fastGlobChunk = {
  name: 'fast-glob-chunk',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^fast-glob$/ }, () => ({ path: './fast-glob.cjs', external: true }));
  },
};

// Node's built-in modules that a run needs only sometimes (git for --context and --base, hashes
// for the cache and SARIF, worker threads from 20,000 files, v8 serialization for the cache) are
// loaded when first called, not when the CLI starts: each costs start-up time (child_process
// pulls in net and streams). Each becomes a module of functions that load it on their first call.
// fs/promises is among them (loading it pulls in readline, directory and watcher modules), and
// `module` (its ES module loader). A default import (`import os from 'node:os'`) gets an object
// of the same functions.
const LAZY_BUILTINS = ['node:child_process', 'node:crypto', 'node:worker_threads', 'node:v8', 'node:fs/promises', 'node:module', 'node:os'];
const requireBuiltin = createRequire(import.meta.url);
/** Every function the module exports (what the code may call), as this Node has them. */
const functionsOf = (name) =>
  Object.keys(requireBuiltin(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && typeof requireBuiltin(name)[key] === 'function');

/** A plugin that makes each of the built-in `modules` the ES module `contents(name)` in the bundle (the built-in itself stays external). */
function builtinsAs(namespace, modules, contents) {
  return {
    name: namespace,
    setup(esbuild) {
      const filter = new RegExp(`^(?:${modules.join('|')})$`);
      esbuild.onResolve({ filter }, (args) => (args.namespace === namespace ? { path: args.path, external: true } : { path: args.path, namespace }));
      esbuild.onLoad({ filter: /.*/, namespace }, (args) => ({ loader: 'js', contents: contents(args.path).join('\n') }));
    },
  };
}

const lazyBuiltins = builtinsAs('lazy-builtin', LAZY_BUILTINS, (name) => [
  `let loaded; const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
  // `new Worker(…)` gets the real Worker: a constructor that returns an object gives that object.
  ...functionsOf(name).map((f) => `export function ${f}(...args) { return new.target ? new (load().${f})(...args) : load().${f}(...args); }`),
  `export default { ${functionsOf(name).join(', ')} };`,
]);

// `import path from 'node:path'` of a built-in module is, in esbuild's CommonJS output, a copy of
// the module's every property made through getters (its `__toESM` helper), once per importing
// module: ~40 copies at start-up, a few ms. These modules are plain ES modules in the bundle
// instead: the default export is the module itself and each function a named export.
const plainBuiltins = builtinsAs('plain-builtin', ['node:path'], (name) => [
  `const builtin = require(${JSON.stringify(name)});`,
  'export default builtin;',
  `export const { ${functionsOf(name).join(', ')} } = builtin;`,
]);

// The CLI, the worker thread that parses files when there are many (src/input/parallel.ts),
// and the library entry (`exports` of package.json) as an ES module.
// Local names minified too (nothing reads a function's name): the bundle every run reads,
// compiles from its cache and keeps in memory is ~25 % smaller (930 → 700 KB), less CPU per
// run. STSLINT_DEBUG's stack trace then names minified functions (`node dist/src/cli/main.js`
// runs the unbundled CLI for debugging); the library entry and the language server keep their
// names for those who embed them.
const everyRun = { minifyIdentifiers: true };
await build({
  ...common,
  ...everyRun,
  plugins: [fastGlobChunk, lazyBuiltins, plainBuiltins],
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/bundle/stslint.cjs',
});
// Written inside the CommonJS module wrapper: the bin compiles the file as it is (src/shared/code-cache.ts).
writeFileSync('dist/bundle/stslint.cjs', wrappedModule(readFileSync('dist/bundle/stslint.cjs', 'utf8')));
// The build's identity for the cache key (src/input/cache.ts): the SHA-1 of the bundle, taken
// here once rather than on every run that opens a cache (900 KB hashed, and node:crypto loaded).
writeFileSync('dist/bundle/stslint.cjs.build', `${createHash('sha1').update(readFileSync('dist/bundle/stslint.cjs')).digest('hex')}\n`);
// The bin: a few lines that load stslint.cjs from V8's code cache (src/cli/bin.ts).
await build({ ...common, ...everyRun, plugins: [lazyBuiltins, plainBuiltins], entryPoints: ['dist/src/cli/bin.js'], outfile: 'dist/bundle/cli.cjs' });
await build({ ...common, entryPoints: ['fast-glob'], outfile: 'dist/bundle/fast-glob.cjs' });
await build({ ...common, plugins: [fastGlobChunk], entryPoints: ['dist/src/input/parse-worker.js'], outfile: 'dist/bundle/parse-worker.cjs' });
await build({
  ...common,
  format: 'esm',
  supported: { 'dynamic-import': true },
  plugins: [fastGlobChunk],
  define: { __STSLINT_WORKER_FILE__: '"./parse-worker.cjs"' },
  banner: { js: "import { createRequire as __stslintCreateRequire } from 'node:module'; const require = __stslintCreateRequire(import.meta.url);" },
  entryPoints: ['dist/src/index.js'],
  outfile: 'dist/bundle/index.mjs',
});
// The language server (`stslint-language-server --stdio`): one self-contained file, fast-glob
// and vscode-languageserver inside, which the VS Code extension also ships as it is.
await build({ ...common, entryPoints: ['dist/src/server/main.js'], outfile: 'dist/bundle/server.cjs' });
// The server and the library read and write the CLI's cache (`stslint.cache` in the editor,
// `cacheFile` of the API): made from the same sources by the same build, they take its identity,
// so that a folder the CLI linted opens in the editor without parsing (src/server/shared-cache.ts).
for (const bundle of ['server.cjs', 'index.mjs']) copyFileSync('dist/bundle/stslint.cjs.build', `dist/bundle/${bundle}.build`);
