// docs/integrations.md: the examples it tells users to copy must work.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The built module: its schema validator is generated at build time (dist/src/cli/config-validator.js).
import { loadConfig } from '../dist/src/cli/config.js';
import { DB_SET } from './support/manifests.js';
import { ROOT, tempDir } from './support/run.js';

describe('docs/integrations.md configuration example', () => {
  it('is a valid configuration', async () => {
    const docs = readFileSync(path.join(ROOT, 'docs/integrations.md'), 'utf8');
    const example = /<!-- config-example -->\s*```yaml\n([\s\S]*?)```/.exec(docs);
    expect(example).not.toBeNull();
    const dir = tempDir({ '.stslint.yaml': example![1]! });
    writeFileSync(path.join(dir, 'db.yaml'), DB_SET);
    await expect(loadConfig(path.join(dir, '.stslint.yaml'), dir)).resolves.toMatchObject({ file: path.join(dir, '.stslint.yaml') });
  });
});
