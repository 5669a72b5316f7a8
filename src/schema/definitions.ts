// The schema definitions (schemas/definitions.json) read as a tree: what proves a manifest valid
// without its compiled validator (src/schema/plainly-valid.ts), and what explains a validation
// error (what fields an object has, what a field expects, which release has a field).
//
// A run needs a few dozen of the file's ~350 definitions, and parsing all of its 220 KB is ~5 ms
// of a one-file run that takes ~50 ms above Node's own start. scripts/gen-schemas.mjs writes one
// definition a line (`    "name": {…},`), so a definition is parsed from its own line when first
// asked for. A file laid out otherwise is parsed whole, as before.

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
  definitions = definitionsByLine(bytes) ?? wholeFile(bytes);
  return definitions;
}

function wholeFile(bytes: Buffer): Definitions {
  const all = (JSON.parse(bytes.toString('utf8')) as { definitions: Record<string, SchemaNode> }).definitions;
  return { get: (name) => all[name] };
}

const START = '\n  "definitions": {\n';
const ENTRY = '    "';
const END = '\n  }\n}';
const NEWLINE = 10;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;

/** Whether the line at `at` starts as an entry does (ENTRY: four spaces and a quote). */
function isEntryStart(bytes: Buffer, at: number): boolean {
  return bytes[at] === SPACE && bytes[at + 1] === SPACE && bytes[at + 2] === SPACE && bytes[at + 3] === SPACE && bytes[at + 4] === QUOTE;
}

/**
 * The definitions of a file in gen-schemas.mjs's layout, each parsed from its line when first
 * asked for; undefined when the file is laid out otherwise (then it is parsed whole). The file
 * stays bytes: only the lines asked for become strings. The layout is checked here, once: every
 * line between START and END is one entry with a plain name (no escapes), so that what a line
 * gives is what JSON.parse of the file gives (test/schema-definitions.test.ts compares both on
 * every definition of the shipped file). A line that is not one JSON value after all hands over
 * to the whole file.
 */
export function definitionsByLine(bytes: Buffer): Definitions | undefined {
  const start = bytes.indexOf(START);
  const end = bytes.lastIndexOf(END);
  if (start < 0 || end < start + START.length - 1 || bytes.includes(START, start + 1)) return undefined;
  const lines = new Map<string, { from: number; to: number }>();
  for (let at = start + START.length; at < end + 1;) {
    const lineEnd = bytes.indexOf(NEWLINE, at);
    // Searched for byte by byte: a string needle would be made a Buffer on every call.
    const nameEnd = bytes.indexOf(QUOTE, at + ENTRY.length);
    if (!isEntryStart(bytes, at) || nameEnd < 0 || nameEnd > lineEnd || bytes[nameEnd + 1] !== COLON || bytes[nameEnd + 2] !== SPACE) return undefined;
    const name = bytes.toString('utf8', at + ENTRY.length, nameEnd);
    if (name.includes('\\') || lines.has(name)) return undefined;
    // The last entry has no comma.
    const to = lineEnd === end ? lineEnd : lineEnd - 1;
    if (lineEnd !== end && bytes[to] !== COMMA) return undefined;
    lines.set(name, { from: nameEnd + 3, to });
    at = lineEnd + 1;
  }
  // The file's other members: only the annotations the generator writes before `definitions`.
  if (bytes.toString('utf8', end + END.length).trim() !== '') return undefined;
  const head = JSON.parse(`${bytes.toString('utf8', 0, start).replace(/,$/, '')}}`) as Record<string, unknown>;
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
          node = JSON.parse(bytes.toString('utf8', line.from, line.to)) as SchemaNode;
        } catch {
          // Not one value on its line after all (an edited file): the whole file decides, from now on.
          whole = wholeFile(bytes);
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
