// The schema definitions (schemas/definitions.json) read as a tree, to explain a validation
// error: what fields an object has, what a field expects, which release has a field. Read
// only when some manifest is invalid, so valid runs never parse the file.

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
let definitions: Readonly<Record<string, SchemaNode>> | undefined;

function loadDefinitions(): Readonly<Record<string, SchemaNode>> {
  definitions ??= (JSON.parse(readFileSync(path.join(schemasDir(), 'definitions.json'), 'utf8')) as { definitions: Record<string, SchemaNode> }).definitions;
  return definitions;
}

/** The name a node refers to (`int32`, `quantity`, `core.v1.PodSpec@1.27`), if it is a reference. */
export function refName(node: SchemaNode | undefined): string | undefined {
  return node?.$ref?.startsWith(REF_PREFIX) ? node.$ref.slice(REF_PREFIX.length) : undefined;
}

/** Follows references to the node that says what the value must be. */
export function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let i = 0; i < 8 && current?.$ref; i++) current = loadDefinitions()[refName(current) ?? ''];
  return current;
}

export function definition(name: string): SchemaNode | undefined {
  return loadDefinitions()[name];
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
