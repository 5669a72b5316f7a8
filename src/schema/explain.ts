// ajv errors → findings a Kubernetes user reads: one per root cause, at the key or value at
// fault, in the API's own field names, with the fix when there is one.
//
//   unknown field          → on the key; "did you mean", the release that added or removed the
//                            field, or where the field belongs (a wrong indentation)
//   wrong type or value    → on the value; only the most telling error of a value is kept
//   missing required field → on the key of the object that lacks it, unless an unknown field
//                            beside it already explains it (a misspelt or misplaced `selector`)

import type { Path } from '../shared/finding.js';
import type { Anchor } from '../yaml/locate.js';
import { listOr, nearMisses } from '../shared/text.js';
import { shownValue } from '../shared/value.js';
import { RELEASES } from './catalog.generated.js';
import { KRUISE_GROUP } from '../api/kinds.js';
import { childOf, fieldsOf, isFreeMap, resolve, schemaAt, type SchemaNode } from './definitions.js';
import type { SchemaMessageId } from './messages.js';
import { compareReleases, schemaRootsByRelease } from './releases.js';
import type { SchemaError } from './validators.js';

export interface SchemaProblem {
  path: Path;
  on: Anchor;
  messageId: SchemaMessageId;
  data: Record<string, string | number>;
}

export interface ExplainContext {
  /** The object as validated. */
  obj: unknown;
  /** Its root schema definition. */
  root: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** The release whose schema was used, and how messages name it. */
  release: string;
  releaseLabel: string;
  /** The scalar at `path` as written in the file, when it can be read back. */
  sourceOf(path: Path): string | undefined;
}

/** Value errors of one place, most telling first: a wrong type says more than a wrong value. */
const VALUE_KEYWORDS = ['type', 'enum', 'pattern', 'minimum', 'maximum'];

export function explain(errors: readonly SchemaError[], ctx: ExplainContext): SchemaProblem[] {
  const unknown: { parent: Path; field: string }[] = [];
  const missing = new Map<string, { parent: Path; field: string }>();
  const values = new Map<string, { path: Path; error: SchemaError }>();
  for (const error of errors) {
    const path = decodePointer(error.instancePath, ctx.obj);
    if (error.keyword === 'additionalProperties') {
      unknown.push({ parent: path, field: String(error.params.additionalProperty) });
    } else if (error.keyword === 'required') {
      const field = String(error.params.missingProperty);
      missing.set(placeKey([...path, field]), { parent: path, field });
    } else if (VALUE_KEYWORDS.includes(error.keyword)) {
      const key = placeKey(path);
      const known = values.get(key);
      if (!known || VALUE_KEYWORDS.indexOf(error.keyword) < VALUE_KEYWORDS.indexOf(known.error.keyword)) values.set(key, { path, error });
    }
  }
  const problems: SchemaProblem[] = [];
  for (const { parent, field } of unknown) problems.push(unknownField(parent, field, missing, ctx));
  for (const { parent, field } of missing.values()) {
    problems.push({ path: parent, on: 'key', messageId: 'missingField', data: { where: where(parent, ctx), field } });
  }
  for (const { path, error } of values.values()) {
    const problem = valueProblem(path, error, ctx);
    if (problem) problems.push(problem);
  }
  return problems;
}

// ---------- unknown fields ----------

function unknownField(parent: Path, field: string, missing: Map<string, unknown>, ctx: ExplainContext): SchemaProblem {
  const path = [...parent, field];
  const base = { field, where: where(parent, ctx) };
  const problem = (messageId: SchemaMessageId, data: Record<string, string>): SchemaProblem => ({ path, on: 'key', messageId, data: { ...base, ...data } });

  const availability = fieldAvailability(parent, field, ctx);
  if (availability?.added) return problem('fieldTooNew', { release: ctx.releaseLabel, added: availability.added });
  if (availability?.removed) return problem('fieldRemoved', { release: ctx.releaseLabel, removed: availability.removed });

  const known = fieldsOf(schemaAt(ctx.root, parent)) ?? [];
  const suggestion = didYouMean(field, known);
  if (suggestion !== undefined) {
    const required = missing.delete(placeKey([...parent, suggestion]));
    return problem('unknownFieldDidYouMean', { suggestion, note: required ? ' (a required field, missing here)' : '' });
  }

  const homes = homesOf(parent, field, ctx);
  if (homes.length > 0) {
    const required = homes.length === 1 && homes[0]!.path !== undefined && missing.delete(placeKey([...homes[0]!.path, field]));
    return problem('misplacedField', {
      home: listOr(
        homes.map((h) => h.label),
        false,
      ),
      note: required ? ' (it is required there and missing)' : '',
    });
  }
  // A custom resource's API is its CRD's, whatever the Kubernetes release.
  const api = ctx.apiVersion.startsWith(`${KRUISE_GROUP}/`)
    ? `OpenKruise ${ctx.apiVersion} ${ctx.kind} API`
    : `${ctx.kind} API of Kubernetes ${ctx.releaseLabel}`;
  return problem('unknownField', { api });
}

/** The release that added (after the target) or removed (before it) a field the target lacks. */
function fieldAvailability(parent: Path, field: string, ctx: ExplainContext): { added?: string; removed?: string } | undefined {
  const having = schemaRootsByRelease(ctx.apiVersion, ctx.kind)
    .filter(({ root }) => fieldsOf(schemaAt(root, parent))?.includes(field))
    .map(({ release }) => release);
  const added = having.find((r) => compareReleases(r, ctx.release) > 0);
  if (added) return { added };
  const lastBefore = having.filter((r) => compareReleases(r, ctx.release) < 0).pop();
  if (!lastBefore) return undefined;
  return { removed: RELEASES[RELEASES.indexOf(lastBefore as (typeof RELEASES)[number]) + 1] ?? ctx.release };
}

interface Home {
  label: string;
  /** The instance path, when the home is an ancestor (so a required error there can be matched). */
  path?: Path;
}

/**
 * Where a field that is unknown here does exist nearby: in an ancestor (indented too deep) or,
 * the nearest level down that has it, in a descendant (indented too shallow, or a missing
 * `spec:`/`template:` level). Status is no home for what a manifest writes.
 */
function homesOf(parent: Path, field: string, ctx: ExplainContext): Home[] {
  // Up to three objects up; the lists in between (`containers`) do not count.
  for (let depth = parent.length - 1, objects = 0; depth >= 0 && objects < 3; depth--) {
    const ancestor = parent.slice(0, depth);
    const fields = fieldsOf(schemaAt(ctx.root, ancestor));
    if (!fields) continue;
    objects++;
    if (fields.includes(field)) {
      return [{ label: ancestor.length > 0 ? `\`${formatPath(ancestor)}\`` : `the top level of ${ctx.kind} ${quotedName(ctx)}`.trim(), path: ancestor }];
    }
  }
  let frontier: { node: SchemaNode; label: string }[] = [];
  const start = schemaAt(ctx.root, parent);
  if (start) frontier.push({ node: start, label: formatPath(parent) });
  for (let level = 0; level < 3 && frontier.length > 0; level++) {
    const next: { node: SchemaNode; label: string }[] = [];
    for (const { node, label } of frontier) {
      for (const name of fieldsOf(node) ?? []) {
        if (name === 'status') continue;
        let child = childOf(node, name);
        let childLabel = label ? `${label}.${name}` : name;
        if (child?.items) {
          child = resolve(child.items);
          childLabel += '[]';
        }
        if (child && fieldsOf(child)) next.push({ node: child, label: childLabel });
      }
    }
    const found = next.filter(({ node }) => fieldsOf(node)!.includes(field));
    if (found.length > 0) return found.slice(0, 3).map(({ label }) => ({ label: `\`${label}\`` }));
    frontier = next;
  }
  return [];
}

// ---------- wrong values ----------

function valueProblem(path: Path, error: SchemaError, ctx: ExplainContext): SchemaProblem | undefined {
  const value = valueAt(ctx.obj, path);
  const field = fieldLabel(path, ctx);
  const problem = (messageId: SchemaMessageId, data: Record<string, string | number>): SchemaProblem => ({
    path,
    on: 'value',
    messageId,
    data: { field, ...data },
  });
  const source = isScalar(value) ? ctx.sourceOf(path) : undefined;
  const actual = describeValue(value, source);
  switch (error.keyword) {
    case 'type': {
      const expected = ([] as string[]).concat(error.params.type as string | string[]).filter((t) => t !== 'null');
      // go-yaml v2, kubectl's reader, has no base-60 numbers: `12:30` stays the string it looks like.
      if (typeof value === 'number' && expected.includes('string') && source !== undefined && SEXAGESIMAL.test(source)) return undefined;
      return problem('wrongType', { expected: describeExpected(expected), actual, hint: typeHint(expected, value, source) });
    }
    case 'enum': {
      const allowed = ((error.params.allowedValues as unknown[]) ?? []).filter((v): v is string => typeof v === 'string' && v !== '');
      const text = String(value);
      const suggestion = didYouMean(text, allowed);
      const data = { allowed: listOr(allowed, false).replace(/ or /, ', '), actual };
      return suggestion ? problem('notAllowedDidYouMean', { ...data, suggestion }) : problem('notAllowed', data);
    }
    case 'pattern': {
      if (String(error.params.pattern).includes('A-Za-z0-9+/')) return problem('badBase64', { hint: base64Hint(path, ctx) });
      const fixes = typeof value === 'string' ? quantityFixes(value) : [];
      return fixes.length > 0 ? problem('badQuantityDidYouMean', { actual, suggestion: listOr(fixes) }) : problem('badQuantity', { actual });
    }
    case 'minimum':
    case 'maximum':
      return problem('outOfRange', { actual: String(value), min: INT32_MIN, max: INT32_MAX });
    default:
      return undefined;
  }
}

const INT32_MIN = '-2147483648';
const INT32_MAX = '2147483647';
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function describeExpected(types: readonly string[]): string {
  const words: Record<string, string> = {
    integer: 'an integer',
    string: 'a string',
    number: 'a number',
    boolean: '`true` or `false`',
    object: 'a map',
    array: 'a list',
  };
  return listOr(
    types.map((t) => words[t] ?? t),
    false,
  );
}

function typeHint(expected: readonly string[], value: unknown, source: string | undefined): string {
  if (expected.length === 1 && expected[0] === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `; quote it: \`"${source ?? String(value)}"\``;
  }
  if (typeof value === 'string') {
    if (expected.includes('integer') && /^\s*[-+]?\d+\s*$/.test(value)) return '; remove the quotes';
    if (expected.includes('number') && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return '; remove the quotes';
    if (expected.includes('boolean') && /^(true|false)$/i.test(value)) return '; remove the quotes';
  }
  if (expected.includes('integer') && typeof value === 'number') return '; use a whole number';
  if (expected.includes('array') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return '; write it as a list, each item starting with `-`';
  }
  if (expected.includes('object') && Array.isArray(value)) return '; remove the `-` in front of its fields';
  return '';
}

function base64Hint(path: Path, ctx: ExplainContext): string {
  if (ctx.kind === 'Secret' && path[0] === 'data') {
    return 'put the plain value under `stringData` instead, or encode it (`echo -n "value" | base64`)';
  }
  return 'encode the value with base64 (`echo -n "value" | base64`)';
}

const QUANTITY_SUFFIX = /^(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)$/;

/** `10GB` → `10Gi`, `10G`; `1gi` → `1Gi`: what was probably meant by a quantity that does not parse. */
function quantityFixes(raw: string): string[] {
  const match = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-zA-Z]+)\s*$/.exec(raw);
  if (!match) return [];
  const number = match[1]!;
  // `250 m`: only the space is wrong.
  if (QUANTITY_SUFFIX.test(match[2]!)) return [`${number}${match[2]!}`];
  const unit = match[2]!.replace(/[bB]$/, '');
  if (/^[kmgtpe]i$/i.test(unit)) return [`${number}${unit[0]!.toUpperCase()}i`];
  if (/^[kmgtpe]$/i.test(unit)) {
    const upper = unit.toUpperCase();
    return [`${number}${upper}i`, `${number}${upper === 'K' ? 'k' : upper}`];
  }
  return [];
}

// ---------- paths and words ----------

/** The candidate probably meant: the same but for case, two neighbouring letters swapped (`tpye`), or a near miss. */
function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => isSwap(c.toLowerCase(), lower)) ?? nearMisses(word, candidates, 1)[0];
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return at < a.length && a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

/** An ajv instance path (JSON pointer) → a path of keys and list indexes. */
export function decodePointer(pointer: string, obj: unknown): Path {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = obj;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function placeKey(path: Path): string {
  return path.map(String).join('\u0000');
}

function valueAt(obj: unknown, path: Path): unknown {
  let current = obj;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `spec.template.spec.containers[0]`; keys that are not plain words in brackets: `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function quotedName(ctx: ExplainContext): string {
  return ctx.name ? `\`${ctx.name}\`` : '';
}

/** `StatefulSet \`spec\``, or the object itself for its top level. */
function where(parent: Path, ctx: ExplainContext): string {
  return parent.length > 0 ? `${ctx.kind} \`${formatPath(parent)}\`` : `${ctx.kind} ${quotedName(ctx)}`.trim();
}

/** The name a user knows a value by: `replicas`, `args[2]`, `labels.version`. */
function fieldLabel(path: Path, ctx: ExplainContext): string {
  const last = path[path.length - 1];
  if (last === undefined) return ctx.kind;
  const parentKey = path[path.length - 2];
  if (typeof last === 'number') return `${formatPath(parentKey === undefined ? [] : [parentKey])}[${last}]`;
  const parentSchema = path.length >= 2 ? schemaAt(ctx.root, path.slice(0, -1)) : undefined;
  return isFreeMap(parentSchema) && parentKey !== undefined ? formatPath([parentKey, last]) : formatPath([last]);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function describeValue(value: unknown, source: string | undefined): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  const written = source !== undefined && source !== shownValue(value) ? ` (YAML reads the unquoted \`${source}\` as ${shownValue(value)})` : '';
  return `the ${typeof value} ${shownValue(value)}${written}`;
}
