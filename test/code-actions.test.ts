import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { actionsFor } from '../src/server/code-actions.js';

const text = 'apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata:\n  name: web\n';
const at = (code: string): Diagnostic => ({ code, message: 'm', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } } });
const titles = (code: string) => actionsFor(at(code), { text, manifests: [], json: false }).map((a) => a.title);

describe('suppression quick fixes', () => {
  it('are offered for a rule a comment can suppress', () => {
    expect(titles('api-removed')).toContain('Suppress api-removed on this line');
  });

  it.each(['render-failed', 'render-tool-missing', 'internal-error', 'unused-disable'])('are not offered for %s, which a comment cannot suppress', (code) => {
    expect(titles(code).filter((t) => t.startsWith('Suppress'))).toEqual([]);
  });
});
