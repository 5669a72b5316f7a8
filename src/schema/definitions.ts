// The schema definitions (schemas/definitions.json) read as a tree: what proves a manifest valid
// without its compiled validator (src/schema/plainly-valid.ts), and what explains a validation
// error (what fields an object has, what a field expects, which release has a field).
//
// A run needs a few dozen of the file's ~350 definitions, and parsing all of its 220 KB is ~5 ms
// of a one-file run that takes ~50 ms above Node's own start. scripts/gen-schemas.mjs writes one
// definition a line (`    "name": {…},`), so a definition is parsed from its own line when first
// asked for. A file laid out otherwise is parsed whole, as before.

import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { schemasDir } from './files.js';
import type { Path } from '../shared/finding.js';

export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

const REF_PREFIX = '#/definitions/';

/** The definitions, each parsed when first asked for (the same object every time after). */
interface Definitions {
  get(name: string): SchemaNode | undefined;
}
let definitions: Definitions | undefined;

function loadDefinitions(): Definitions {
  if (definitions) return definitions;
  const bytes = readFileSync(path.join(schemasDir(), 'definitions.json'));
  // An ASCII file (the generated one is) read as Latin-1 is a plain copy, no UTF-8 decoding.
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  definitions = definitionsByLine(text) ?? wholeFile(text);
  return definitions;
}

function wholeFile(text: string): Definitions {
  const all = (JSON.parse(text) as { definitions: Record<string, SchemaNode> }).definitions;
  return { get: (name) => all[name] };
}

const START = '\n  "definitions": {\n';
const ENTRY = '    "';
const END = '\n  }\n}';

/**
 * The definitions of a file in gen-schemas.mjs's layout, each parsed from its line when first
 * asked for; undefined when the file is laid out otherwise (then it is parsed whole). The layout
 * is checked here, once: every line between START and END is one entry with a plain name (no
 * escapes), so that what a line gives is what JSON.parse of the file gives
 * (test/schema-definitions.test.ts compares both on every definition of the shipped file). A
 * line that is not one JSON value after all hands over to the whole file.
 */
export function definitionsByLine(text: string): Definitions | undefined {
  const start = text.indexOf(START);
  const end = text.lastIndexOf(END);
  if (start < 0 || end < start + START.length - 1 || text.includes(START, start + 1)) return undefined;
  const lines = new Map<string, { from: number; to: number }>();
  for (let at = start + START.length; at < end + 1;) {
    const lineEnd = text.indexOf('\n', at);
    const nameEnd = text.indexOf('": ', at + ENTRY.length);
    if (!text.startsWith(ENTRY, at) || nameEnd < 0 || nameEnd > lineEnd) return undefined;
    const name = text.slice(at + ENTRY.length, nameEnd);
    if (/["\\]/.test(name) || lines.has(name)) return undefined;
    // The last entry has no comma.
    const to = lineEnd === end ? lineEnd : lineEnd - 1;
    if (lineEnd !== end && text.charCodeAt(to) !== 44) return undefined;
    lines.set(name, { from: nameEnd + 3, to });
    at = lineEnd + 1;
  }
  // The file's other members: only the annotations the generator writes before `definitions`.
  if (text.slice(end + END.length).trim() !== '') return undefined;
  const head = JSON.parse(`${text.slice(0, start).replace(/,$/, '')}}`) as Record<string, unknown>;
  if (Object.keys(head).some((key) => key !== '$schema' && key !== '$comment')) return undefined;
  const parsed = new Map<string, SchemaNode>();
  let whole: Definitions | undefined;
  return {
    get(name) {
      if (whole) return whole.get(name);
      let node = parsed.get(name);
      if (node === undefined) {
        const line = lines.get(name);
        if (!line) return undefined;
        try {
          node = JSON.parse(text.slice(line.from, line.to)) as SchemaNode;
        } catch {
          // Not one value on its line after all (an edited file): the whole file decides, from now on.
          whole = wholeFile(text);
          return whole.get(name);
        }
        parsed.set(name, node);
      }
      return node;
    },
  };
}

/** The name a node refers to (`int32`, `quantity`, `core.v1.PodSpec@1.27`), if it is a reference. */
export function refName(node: SchemaNode | undefined): string | undefined {
  return node?.$ref?.startsWith(REF_PREFIX) ? node.$ref.slice(REF_PREFIX.length) : undefined;
}

/** Follows references to the node that says what the value must be. */
export function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let i = 0; i < 8 && current?.$ref; i++) current = loadDefinitions().get(refName(current) ?? '');
  return current;
}

export function definition(name: string): SchemaNode | undefined {
  return loadDefinitions().get(name);
}

/** The schema of the value at `path` below a root definition, or undefined where the schema has no such place. */
export function schemaAt(root: string, path: Path): SchemaNode | undefined {
  let node = resolve(definition(root));
  for (const segment of path) {
    node = node ? childOf(node, segment) : undefined;
    if (!node) return undefined;
  }
  return node;
}

/** The (unresolved) schema of one step down: a field, a map value or a list item. */
export function rawChildOf(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  if (typeof segment === 'number') return node.items;
  const property = node.properties?.[segment];
  if (property) return property;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

export function childOf(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  return resolve(rawChildOf(node, segment));
}

/** The field names of a closed object, or undefined for maps and open objects. */
export function fieldsOf(node: SchemaNode | undefined): readonly string[] | undefined {
  return node?.properties ? Object.keys(node.properties) : undefined;
}

/** Whether `node` is a map with free keys (labels, annotations, data, resource lists). */
export function isFreeMap(node: SchemaNode | undefined): boolean {
  return !!node && !node.properties && typeof node.additionalProperties === 'object';
}
