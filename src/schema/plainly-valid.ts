// A quick yes for the common case: most manifests are valid, and proving that needs neither the
// compiled ajv validator (a StatefulSet's is 400 KB of code to read and start, most of a small
// run's schema time) nor a separate walk for YAML timestamps and binaries. This reads the same
// schema (schemas/definitions.json, the source of the compiled validators) and walks the object
// once. It answers only "valid for sure": anything it does not follow exactly as ajv does (a
// keyword it does not know, a value that is not plain JSON, a failed check, great depth) is
// "don't know", and the compiled validator decides as before. So a yes here is always ajv's
// yes, and every error still comes from ajv (test/schema-plainly-valid.test.ts compares both on
// every document of the fixtures, the corpus, Argo CD, the chart renders and generated breakages).

import { definition, type SchemaNode } from './definitions.js';

/** The keywords of schemas/definitions.json that are followed here (the whole set it uses). */
const KNOWN = new Set(['$ref', 'type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'pattern', 'minimum', 'maximum']);

const NULL = 1;
const BOOLEAN = 2;
const INTEGER = 4;
const NUMBER = 8;
const STRING = 16;
const ARRAY = 32;
const OBJECT = 64;
const TYPE_BITS: Readonly<Record<string, number>> = {
  null: NULL,
  boolean: BOOLEAN,
  integer: INTEGER,
  number: NUMBER,
  string: STRING,
  array: ARRAY,
  object: OBJECT,
};

/** Deeper than this the full path (src/schema/validate.ts) treats values differently; leave it to ajv. */
const MAX_DEPTH = 200;

/** A schema node prepared for checking. */
interface Plan {
  /** A `$ref` target, looked up when first checked (definitions refer to each other in cycles). */
  ref?: string;
  /** The plan `ref` leads to, once looked up; null when it leads nowhere followed. */
  target?: Plan | null;
  /** Something here is not followed exactly: never "valid for sure". */
  unsure: boolean;
  /** No keyword at all: every value is valid. */
  any: boolean;
  /** Allowed types as bits; 0 when any type is. */
  types: number;
  properties?: Map<string, Plan>;
  /** `additionalProperties`: true (absent or true), false, or the schema of other keys' values. */
  additional: Plan | boolean;
  required?: readonly string[];
  items?: Plan;
  enumValues?: readonly unknown[];
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
}

const plans = new WeakMap<SchemaNode, Plan>();
const roots = new Map<string, Plan | undefined>();

/**
 * Whether `value` is valid against the root definition `root` for sure, as ajv's compiled
 * validator of that definition would find it (with YAML timestamps and binaries as strings).
 * False means "don't know": ask the validator.
 */
export function plainlyValid(root: string, value: unknown): boolean {
  let plan = roots.get(root);
  if (plan === undefined && !roots.has(root)) {
    let node: SchemaNode | undefined;
    try {
      node = definition(root);
    } catch {
      // No schemas/definitions.json beside the validators (a partial copy of the package): the
      // validators alone answer, as they did before this check existed.
      node = undefined;
    }
    plan = node ? planOf(node) : undefined;
    roots.set(root, plan);
  }
  return plan !== undefined && accepts(value, plan, 0);
}

function planOf(node: SchemaNode): Plan {
  let plan = plans.get(node);
  if (plan) return plan;
  plan = { unsure: false, any: true, types: 0, additional: true };
  plans.set(node, plan);
  for (const key of Object.keys(node)) {
    if (!KNOWN.has(key)) plan.unsure = true;
    else plan.any = false;
  }
  if (node.$ref !== undefined) {
    // A reference with other keywords beside it, or to somewhere else than a definition, is not followed.
    if (Object.keys(node).length !== 1 || !node.$ref.startsWith('#/definitions/')) plan.unsure = true;
    plan.ref = node.$ref.slice('#/definitions/'.length);
    return plan;
  }
  if (node.type !== undefined) {
    for (const type of typeof node.type === 'string' ? [node.type] : node.type) {
      const bit = TYPE_BITS[type];
      if (bit === undefined) plan.unsure = true;
      else plan.types |= bit;
    }
  }
  if (node.properties !== undefined) {
    plan.properties = new Map();
    for (const [name, child] of Object.entries(node.properties)) {
      // ajv reads `data[name]`, which finds Object.prototype's members on any object.
      if (name in Object.prototype) plan.unsure = true;
      plan.properties.set(name, planOf(child));
    }
  }
  const additional = node.additionalProperties;
  if (additional !== undefined) plan.additional = typeof additional === 'boolean' ? additional : planOf(additional);
  if (node.required !== undefined) {
    if (node.required.some((name) => name in Object.prototype)) plan.unsure = true;
    plan.required = node.required;
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items) || typeof node.items !== 'object') plan.unsure = true;
    else plan.items = planOf(node.items);
  }
  if (node.enum !== undefined) {
    // ajv compares objects by value; only primitives are compared here.
    if (node.enum.some((v) => v !== null && typeof v === 'object')) plan.unsure = true;
    plan.enumValues = node.enum;
  }
  if (node.pattern !== undefined) {
    try {
      plan.pattern = new RegExp(node.pattern, 'u'); // as ajv compiles it (unicodeRegExp)
    } catch {
      plan.unsure = true;
    }
  }
  if (node.minimum !== undefined) {
    if (typeof node.minimum !== 'number') plan.unsure = true;
    plan.minimum = node.minimum;
  }
  if (node.maximum !== undefined) {
    if (typeof node.maximum !== 'number') plan.unsure = true;
    plan.maximum = node.maximum;
  }
  return plan;
}

function resolved(plan: Plan): Plan | undefined {
  if (plan.target !== undefined) return plan.target ?? undefined;
  let current: Plan | undefined = plan;
  for (let i = 0; i < 8 && current?.ref !== undefined; i++) {
    if (current.unsure) current = undefined;
    else {
      const node = definition(current.ref);
      current = node ? planOf(node) : undefined;
    }
  }
  const target = current?.ref === undefined ? current : undefined;
  plan.target = target ?? null;
  return target;
}

function accepts(value: unknown, given: Plan, depth: number): boolean {
  const plan = given.ref === undefined ? given : (given.target ?? resolved(given));
  if (!plan || plan.unsure || depth > MAX_DEPTH) return false;
  if (plan.any) return true;
  if (plan.enumValues && !plan.enumValues.includes(value)) return false;
  const types = plan.types;
  switch (typeof value) {
    case 'string':
      return (types === 0 || (types & STRING) !== 0) && (!plan.pattern || plan.pattern.test(value));
    case 'boolean':
      return types === 0 || (types & BOOLEAN) !== 0;
    case 'number': {
      // ajv's integer and number reject NaN and infinities; a finite integer passes both.
      if (!Number.isFinite(value)) return false;
      const typed = types === 0 || (types & NUMBER) !== 0 || ((types & INTEGER) !== 0 && Number.isInteger(value));
      return typed && (plan.minimum === undefined || value >= plan.minimum) && (plan.maximum === undefined || value <= plan.maximum);
    }
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return types === 0 || (types & NULL) !== 0;
  if (Array.isArray(value)) {
    if (types !== 0 && (types & ARRAY) === 0) return false;
    const items = plan.items;
    if (items && !items.any) for (const item of value) if (!accepts(item, items, depth + 1)) return false;
    return true;
  }
  // Only plain objects: a Date or a Buffer (YAML timestamps and binaries) is validated as a
  // string by the full path, so it is left to it, as is anything else unusual.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (types !== 0 && (types & OBJECT) === 0) return false;
  const record = value as Record<string, unknown>;
  const { properties, additional } = plan;
  for (const key in record) {
    const child = properties?.get(key) ?? additional;
    if (child === false) return false;
    if (child !== true && !child.any && !accepts(record[key], child, depth + 1)) return false;
  }
  if (plan.required) for (const name of plan.required) if (record[name] === undefined) return false;
  return true;
}
