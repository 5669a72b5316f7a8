#!/usr/bin/env node
// The package's bin (dist/bundle/cli.cjs): loads the command line, bundled in stslint.cjs beside
// it, from V8's code cache (src/shared/code-cache.ts), which saves compiling ~500 KB of
// JavaScript on every start. `npm run build` writes the cache after a sample run
// (scripts/build-code-cache.mjs, STSLINT_WRITE_CODE_CACHE=1).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache } from '../shared/code-cache.js';
import { tuneForShortRun } from '../shared/jit.js';

// A run is short: V8 set up for that (src/shared/jit.ts), before anything is compiled.
tuneForShortRun();
const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stslint.cjs');
// Bundled as CommonJS, the bin has its own `require`, for the same folder as stslint.cjs.
const loaded = loadWithCodeCache(bundle, typeof require === 'function' ? require : undefined);
if (process.env.STSLINT_WRITE_CODE_CACHE === '1') process.once('exit', () => loaded.saveCache());
