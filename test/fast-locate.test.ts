// The line reader (src/yaml/fast-locate.ts) must give exactly the positions of the YAML parser
// wherever it answers. Checked on every path of every manifest in the fixtures and the corpus.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, locateByLines } from '../src/yaml/locate.js';
import { processText } from '../src/input/pipeline.js';
import type { Path } from '../src/shared/finding.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(f).isFile());
}

function paths(value: unknown, prefix: (string | number)[] = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const SOURCES = [...files(path.join(ROOT, 'fixtures')), ...files(path.resolve(ROOT, '../shared/corpus'))];

describe('fast locating by lines', () => {
  it('agrees with the parser on every path it answers, and answers most of them', { timeout: 240_000 }, () => {
    let asked = 0;
    let answered = 0;
    for (const file of SOURCES) {
      const outcome = processText(file, readFileSync(file, 'utf8'));
      for (const manifest of outcome.manifests) {
        const exact = { file: manifest.file, doc: manifest.doc, basePath: manifest.basePath };
        const candidates = paths(manifest.obj).slice(0, 400);
        for (const p of [...candidates, ['spec', 'nothing-here', 'x'], ['nothing'], ...candidates.slice(0, 20).map((c) => [...c, 'missing'])]) {
          for (const on of [undefined, 'key', 'value'] as const) {
            asked++;
            const quick = locateByLines(manifest, p, on);
            if (!quick) continue;
            answered++;
            expect(quick, `${path.relative(ROOT, file)} ${JSON.stringify(p)} ${on}`).toEqual(locate(exact, p, on));
          }
        }
      }
    }
    console.log(`fast locator answered ${answered} of ${asked}`);
    expect(asked).toBeGreaterThan(1000);
    expect(answered / asked).toBeGreaterThan(0.6);
  });
});
