// The import-direction rule of `npm run lint` (scripts/eslint-layers.mjs) on imports that cross
// the stages of docs/architecture.md, in both directions.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import tseslint from 'typescript-eslint';
import layers, { LAYERS } from '../scripts/eslint-layers.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const at = (file: string): string => path.join(ROOT, file);

RuleTester.describe = describe;
RuleTester.it = it;
// The TypeScript parser, as `npm run lint` uses, so that `import type` is read too.
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('stslint/layers', layers, {
  valid: [
    { filename: at('rules/service-missing.ts'), code: "import { defineRule } from '../src/engine/rule.js';" },
    { filename: at('src/engine/lint.ts'), code: "import { rules } from '../../rules/index.js';" },
    { filename: at('src/cli/main.ts'), code: "import { lintFiles } from '../engine/lint.js';" },
    { filename: at('src/kubernetes/statefulset.ts'), code: "import type { Resource } from '../graph/graph.js';" },
    { filename: at('src/graph/graph.ts'), code: "import { asRecord } from '../shared/value.js'; import { x } from './selector-index.js';" },
    { filename: at('src/index.ts'), code: "export { main } from './cli/main.js';" },
    { filename: at('src/yaml/parse.ts'), code: "import { parseAllDocuments } from 'yaml';" },
  ],
  invalid: [
    { filename: at('rules/service-missing.ts'), code: "import { main } from '../src/cli/main.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('rules/service-missing.ts'), code: "import { loadFormatter } from '../src/formatters/index.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('src/graph/graph.ts'), code: "import { statefulSetView } from '../kubernetes/statefulset.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('src/yaml/parse.ts'), code: "import type { SchemaProblem } from '../schema/explain.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('src/engine/lint.ts'), code: "const m = await import('../project/config.js');", errors: [{ messageId: 'upward' }] },
    { filename: at('src/server/server.ts'), code: "import { main } from '../cli/main.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('src/shared/value.ts'), code: "export * from '../api/kinds.js';", errors: [{ messageId: 'upward' }] },
    { filename: at('src/newstage/x.ts'), code: '', errors: [{ messageId: 'unknownStage' }] },
  ],
});

describe('the layers', () => {
  it('name every folder under src/ and nothing else', () => {
    const folders = readdirSync(at('src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(
      Object.keys(LAYERS)
        .filter((l) => l !== 'rules')
        .sort(),
    ).toEqual(folders.sort());
  });
  it('allow only folders that exist, so a typo cannot open a hole', () => {
    for (const allowed of Object.values(LAYERS)) for (const to of allowed) expect(Object.keys(LAYERS)).toContain(to);
  });
});
