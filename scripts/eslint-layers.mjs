// ESLint rule `stslint/layers`: imports go one way between the stages of docs/architecture.md.
// Relative imports are resolved to the folder they land in; a folder may import only the
// folders listed for it below (and itself).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * What each folder may import (docs/architecture.md). A folder always imports from itself;
 * `src/index.ts`, the public API, may import everything.
 */
export const LAYERS = {
  shared: [],
  api: ['shared'],
  yaml: ['api', 'shared'],
  schema: ['yaml', 'api', 'shared'],
  input: ['schema', 'yaml', 'api', 'shared'],
  // Rendering charts and kustomizations with the user's tools, between finding files and parsing
  // them: its output is parsed by `input` like any file, with a map back to the files people edit.
  render: ['input', 'schema', 'yaml', 'api', 'shared'],
  graph: ['yaml', 'api', 'shared'],
  kubernetes: ['graph', 'yaml', 'api', 'shared'],
  // Change-time checks: the base version (git, files), object matching, what a change does.
  // Below the engine (which runs it) and above what it reads; rules and formatters use its model.
  change: ['kubernetes', 'graph', 'input', 'yaml', 'api', 'shared'],
  engine: ['rules', 'render', 'change', 'kubernetes', 'graph', 'input', 'schema', 'yaml', 'api', 'shared'],
  rules: ['engine', 'change', 'kubernetes', 'graph', 'schema', 'yaml', 'api', 'shared'],
  formatters: ['engine', 'change', 'shared'],
  // What a front end needs to lint a folder: the configuration file, and which files are
  // linted and which only give context (`--context`, ignore patterns). The CLI and the language
  // server share it; neither imports the other.
  project: ['engine', 'render', 'change', 'kubernetes', 'graph', 'input', 'schema', 'yaml', 'api', 'shared'],
  cli: ['project', 'formatters', 'engine', 'render', 'change', 'kubernetes', 'graph', 'input', 'schema', 'yaml', 'api', 'shared'],
  // The language server, a front end beside the CLI.
  server: ['project', 'engine', 'render', 'kubernetes', 'graph', 'input', 'schema', 'yaml', 'api', 'shared'],
};

/** The stage of a file: `rules`, or the folder under `src/`; undefined outside them (and for src/index.ts). */
function stageOf(file) {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] === 'rules') return 'rules';
  if (parts[0] === 'src' && parts.length > 2) return parts[1];
  return undefined;
}

/** Reports an import of a stage that the importing file's stage may not use. */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the pipeline direction of docs/architecture.md' },
    schema: [],
    messages: {
      upward: '`{{from}}` may not import from `{{to}}` ({{specifier}}): imports go one way, see docs/architecture.md. `{{from}}` may import {{allowed}}.',
      unknownStage: 'Folder `src/{{from}}` has no place in the layers of scripts/eslint-layers.mjs; add it there and to docs/architecture.md.',
    },
  },
  create(context) {
    const from = stageOf(context.filename);
    if (!from) return {};
    const allowed = LAYERS[from];
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = stageOf(path.resolve(path.dirname(context.filename), specifier));
      if (!to || to === from || allowed.includes(to)) return;
      context.report({
        node,
        messageId: 'upward',
        data: { from, to, specifier, allowed: allowed.length ? allowed.map((s) => `\`${s}\``).join(', ') : 'nothing of ours' },
      });
    };
    return {
      Program(node) {
        if (!allowed) context.report({ node, messageId: 'unknownStage', data: { from } });
      },
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
