// The temporary copy the language server renders unsaved text from (src/server/overlay.ts): the
// user's files are never written through it, and what a render of it reports is moved back.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outcomeBack, overlayCopy } from '../src/server/overlay.js';
import type { FileOutcome } from '../src/input/pipeline.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'stslint-overlay-')));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe.skipIf(process.platform === 'win32')('overlayCopy', () => {
  it('mirrors the files at their absolute paths, unsaved texts in new files, the user’s files untouched', () => {
    const dir = folder({
      'chart/Chart.yaml': 'name: c\n',
      'chart/values.yaml': 'a: 1\n',
      'chart/templates/x.yaml': 'kind: X\n',
      'outside/extra.yaml': 'b: 2\n',
    });
    const files = ['chart/Chart.yaml', 'chart/values.yaml', 'chart/templates/x.yaml', 'outside/extra.yaml'].map((f) => path.join(dir, f));
    const overlay = overlayCopy(files, [path.join(dir, 'chart'), path.join(dir, 'chart/empty')], new Map([[files[1]!, 'a: 2\n']]))!;
    try {
      expect(readFileSync(overlay.moved(files[1]!), 'utf8')).toBe('a: 2\n');
      expect(readFileSync(files[1]!, 'utf8')).toBe('a: 1\n');
      expect(statSync(overlay.moved(files[1]!)).ino).not.toBe(statSync(files[1]!).ino);
      for (const file of [files[0]!, files[2]!, files[3]!]) expect(readFileSync(overlay.moved(file), 'utf8')).toBe(readFileSync(file, 'utf8'));
      expect(statSync(overlay.moved(path.join(dir, 'chart/empty'))).isDirectory()).toBe(true);
      expect(overlay.back(`error in ${overlay.moved(files[2]!)}: bad`)).toBe(`error in ${files[2]!}: bad`);
    } finally {
      overlay.remove();
    }
    expect(existsSync(overlay.dir)).toBe(false);
  });

  it('never writes an unsaved text through a link into the user’s folders', () => {
    const dir = folder({ 'shared/t.yaml': 'kind: T\n', 'chart/Chart.yaml': 'name: c\n' });
    symlinkSync(path.join(dir, 'shared'), path.join(dir, 'chart/templates'));
    const linked = path.join(dir, 'chart/templates/t.yaml');
    const deeper = path.join(dir, 'chart/templates/new/u.yaml');
    const overlay = overlayCopy(
      [path.join(dir, 'chart/Chart.yaml'), path.join(dir, 'chart/templates')],
      [path.join(dir, 'chart')],
      new Map([
        [linked, 'kind: Changed\n'],
        [deeper, 'kind: New\n'],
      ]),
    )!;
    try {
      expect(readFileSync(path.join(dir, 'shared/t.yaml'), 'utf8')).toBe('kind: T\n');
      expect(existsSync(path.join(dir, 'shared/new'))).toBe(false);
      // The link is kept, so the tool reads the folder's files from disk.
      expect(readFileSync(overlay.moved(linked), 'utf8')).toBe('kind: T\n');
    } finally {
      overlay.remove();
    }
    expect(readFileSync(path.join(dir, 'shared/t.yaml'), 'utf8')).toBe('kind: T\n');
  });

  it('moves a render’s failure back to the user’s file', () => {
    const dir = folder({ 'chart/Chart.yaml': 'name: c\n' });
    const file = path.join(dir, 'chart/Chart.yaml');
    const overlay = overlayCopy([file], [], new Map())!;
    try {
      const moved = overlay.moved(file);
      const failure: FileOutcome = {
        path: moved,
        manifests: [],
        skippedDocuments: 0,
        findings: [
          {
            ruleId: null,
            severity: 'error',
            message: `helm failed: ${moved}:1`,
            filePath: moved,
            renderedBy: moved,
            loc: { line: 1, column: 1, endLine: 1, endColumn: 1 },
          },
        ],
      };
      const back = outcomeBack(failure, overlay);
      expect(back.path).toBe(file);
      expect(back.findings[0]).toMatchObject({ filePath: file, renderedBy: file, message: `helm failed: ${file}:1` });
    } finally {
      overlay.remove();
    }
  });
});
