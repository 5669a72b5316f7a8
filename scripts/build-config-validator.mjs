// Compiles schemas/config.schema.json into dist/src/project/config-validator.js at build time.
// Compiling at run time would cost every run that has a configuration file ~70 ms (loading
// ajv, then compiling): too slow for a pre-commit hook. The schema stays the single source.

import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/config.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: false, strict: true, verbose: true, code: { source: true, esm: true } });
// Even in ESM mode ajv emits `require()` for its string-length helper: give the module one.
const code = standaloneCode(ajv, ajv.compile(schema));
writeFileSync(
  new URL('../dist/src/project/config-validator.js', import.meta.url),
  '// Generated from schemas/config.schema.json by scripts/build-config-validator.mjs; do not edit.\n' +
    "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" +
    `${code}\n`,
);
