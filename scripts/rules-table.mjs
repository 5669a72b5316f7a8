#!/usr/bin/env node
// Regenerates what lists every rule from the rule metadata: the rules table in README.md
// (between the rules:start/rules:end markers) and the `rules` of schemas/config.schema.json.
// `npm run docs:rules`; test/meta.test.ts and test/config.test.ts fail when they are out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { BUILTIN_RULES_META, CONFIGURABLE_BUILTINS, RULES } from '../dist/src/engine/lint.js';

/** What a rule offers: `fix` (`--fix` applies it), `suggestion` (the editor offers it), both, or nothing. */
export function fixableCell(meta) {
  return [meta.fixable ? 'fix' : '', meta.hasSuggestions ? 'suggestion' : ''].filter(Boolean).join(', ');
}

export function rulesTable(rules) {
  const rows = rules.map(
    (r) =>
      `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.meta.severity} | ${r.meta.preset} | ${fixableCell(r.meta)} | ${r.meta.description.replace(/\|/g, '\\|')} |`,
  );
  return ['| Rule | Default | Preset | Fixable | What it checks |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The description of a rule's setting in schemas/config.schema.json. */
export function settingDescription(rule) {
  const preset = rule.meta.preset === 'recommended' ? '' : ` (only with \`preset: ${rule.meta.preset}\` or when set here)`;
  return `${rule.meta.description} Default: ${rule.meta.severity}${preset}.`;
}

const README = new URL('../README.md', import.meta.url);
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to === -1) throw new Error('README.md has no rules:start/rules:end markers');
  writeFileSync(README, `${text.slice(0, from + START.length)}\n${rulesTable(RULES)}\n${text.slice(to)}`);

  const SCHEMA = new URL('../schemas/config.schema.json', import.meta.url);
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  schema.properties.rules.properties = Object.fromEntries(
    [
      ...RULES.map((r) => [r.id, { $ref: '#/definitions/setting', description: settingDescription(r) }]),
      // Built-in findings that may be configured like a rule (e.g. `manifest-invalid: off`).
      ...[...CONFIGURABLE_BUILTINS].map((id) => [
        id,
        {
          $ref: '#/definitions/setting',
          description: `${BUILTIN_RULES_META[id].docs.description} Built in. Default: ${BUILTIN_RULES_META[id].defaultSeverity}.`,
        },
      ]),
    ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(SCHEMA, `${JSON.stringify(schema, null, 2)}\n`);
}
