// Compiles schemas/config.schema.json into dist/src/project/config-validator.js at build time.
// Compiling at run time would cost every run that has a configuration file ~70 ms (loading
// ajv, then compiling): too slow for a pre-commit hook. The schema stays the single source.
//
// The module must need nothing at run time: ajv's standalone code `require()`s its run-time
// helpers (`ajv/dist/runtime/ucs2length` for `maxLength`, and others for other keywords), and
// ajv is a dev dependency, absent from every installed copy. So each helper's source is inlined
// here, and the build fails if the generated code still requires anything.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/config.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: false, strict: true, verbose: true, code: { source: true, esm: true } });
const code = standaloneCode(ajv, ajv.compile(schema));
writeFileSync(new URL('../dist/src/project/config-validator.js', import.meta.url), selfContained(code));

/** The generated module with each `require("ajv/dist/runtime/…")` replaced by that helper's own code. */
function selfContained(generated) {
  const require = createRequire(import.meta.url);
  const helpers = new Map();
  const body = generated.replaceAll(/require\((["'])(ajv\/dist\/runtime\/[\w-]+)\1\)/g, (_, _quote, id) => {
    if (!helpers.has(id)) helpers.set(id, `__ajvRuntime${helpers.size}`);
    return helpers.get(id);
  });
  const inlined = [...helpers].map(([id, name]) => {
    // `helper.code` is the require() that standalone code emits for it: not needed here.
    const source = readFileSync(require.resolve(id), 'utf8').replaceAll(/^(\/\/# sourceMappingURL=|\w+\.code = ).*$/gm, '');
    // A helper that needs another module (ajv's `equal`, `uri`) would need its own inlining.
    if (/\brequire\(/.test(source)) {
      throw new Error(`build-config-validator: ${id} requires another module; inline it too or drop the keyword that needs it`);
    }
    return `const ${name} = (() => { const exports = {}; ${source}\nreturn exports; })();`;
  });
  if (/\brequire\(/.test(body)) {
    throw new Error(`build-config-validator: the generated validator still requires a module: ${body.match(/require\([^)]*\)/)[0]}`);
  }
  return ['// Generated from schemas/config.schema.json by scripts/build-config-validator.mjs; do not edit.', ...inlined, body, ''].join('\n');
}
