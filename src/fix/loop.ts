// ESLint's fix loop, shared by `--fix` and the editor's "fix all": apply every fix that does not
// overlap another, lint the new text, and again, until no fix is left or MAX_FIX_PASSES passes
// were made (a fix that undoes another must not loop for ever). Every pass lints the texts as they
// now are, so a fix is always computed on the text it is applied to.

import type { TextFix } from '../shared/finding.js';
import { applyFixes } from './fix.js';

/** ESLint's bound (linter.js MAX_AUTOFIX_PASSES). */
export const MAX_FIX_PASSES = 10;

export type FixesByFile = ReadonlyMap<string, readonly TextFix[]>;

export interface FixLoopResult {
  /** Every file's text after the last pass. */
  texts: Map<string, string>;
  /** Files whose text changed. */
  changed: Set<string>;
  passes: number;
}

/**
 * `lint` returns the fixes of each file for the given texts; it is called once before the first
 * pass and once after each pass that changed something, so its last call saw the final texts.
 */
export async function fixUntilDone(
  texts: ReadonlyMap<string, string>,
  lint: (texts: ReadonlyMap<string, string>) => FixesByFile | Promise<FixesByFile>,
): Promise<FixLoopResult> {
  const current = new Map(texts);
  const changed = new Set<string>();
  let fixes = await lint(current);
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    let any = false;
    for (const [file, list] of fixes) {
      const text = current.get(file);
      if (text === undefined || list.length === 0) continue;
      const { output } = applyFixes(text, list);
      if (output === text) continue;
      current.set(file, output);
      changed.add(file);
      any = true;
    }
    if (!any) break;
    passes++;
    fixes = await lint(current);
  }
  return { texts: current, changed, passes };
}
