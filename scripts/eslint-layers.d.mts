// Types of scripts/eslint-layers.mjs for the tests.
import type { Rule } from 'eslint';

export const LAYERS: Readonly<Record<string, readonly string[]>>;
declare const rule: Rule.RuleModule;
export default rule;
