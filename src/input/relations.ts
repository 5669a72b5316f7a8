// What a context file's objects could have to do with other objects (`--context`), summed up
// when the file is read (and kept in the cache), so that a run decides which context files to
// load without loading them: the objects of a 3,000-file repository mostly have nothing to do
// with the one file a pre-commit hook lints.
//
// An object relates to the linted objects when it is cluster-scoped, shares a namespace with
// one of them, names one of them or their namespace (a peer's DNS name, a target), is named by
// one of them, or when its selectors could select their pods or theirs its pods. This is a
// superset of the lookups rules make across namespaces (graph.named, peers' DNS names,
// disruption budgets selecting pods elsewhere); test/context.test.ts checks that every file's
// findings with a context are those of a full run.

import { isClusterScoped } from '../api/kinds.js';
import { isRecord, type JsonRecord } from '../shared/value.js';

/** The relation facts of a file's objects (merged: a file relates when any of its objects does). */
export interface FileRelations {
  /** Who they are: kind, name and `metadata.namespace` as written (the default namespace applies when it is absent). */
  objects: { kind: string; name: string; namespace?: string }[];
  /**
   * The words of their strings (split at anything but letters, digits, `-` and `_`), each between
   * line breaks (`\nword\n…`: one string is searched faster than thousands are compared), or
   * `all` when there are too many.
   */
  words: string;
  /** `key=value` of their labels (metadata and pod templates). */
  labels: string[];
  labelKeys: string[];
  /** `key=value` their selectors ask for. */
  wanted: string[];
  /** Keys their selectors ask about without values (`Exists`). */
  wantedKeys: string[];
  /** A selector that may select pods sharing no label with it (empty, `NotIn`, `DoesNotExist`). */
  wantsAny: boolean;
}

/** Keys whose values are label selectors. */
const SELECTOR_KEYS = new Set(['selector', 'podSelector', 'labelSelector', 'namespaceSelector']);
/** Past this many distinct words a file is taken to name everything. */
const MAX_WORDS = 20_000;
const MAX_DEPTH = 64;
const WORD_BREAK = /[^A-Za-z0-9_-]+/;
/** `words` of a file with too many to list: it is taken to name everything. */
export const ALL_WORDS = 'all';

export function fileRelations(objects: readonly JsonRecord[]): FileRelations {
  const words = new Set<string>();
  const facts: LabelFacts = { labels: new Set(), labelKeys: new Set(), wanted: new Set(), wantedKeys: new Set(), wantsAny: false };
  let tooMany = false;
  const identities: FileRelations['objects'] = [];
  for (const obj of objects) {
    const metadata = isRecord(obj.metadata) ? obj.metadata : {};
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
    identities.push({
      kind: typeof obj.kind === 'string' ? obj.kind : '',
      name: typeof metadata.name === 'string' ? metadata.name : '',
      ...(namespace === undefined ? {} : { namespace }),
    });
    if (!tooMany) tooMany = !collectWords(obj, words, 0);
    collectLabelFacts(obj, facts, 0);
  }
  return {
    objects: identities,
    words: tooMany ? ALL_WORDS : `\n${[...words].join('\n')}\n`,
    labels: [...facts.labels],
    labelKeys: [...facts.labelKeys],
    wanted: [...facts.wanted],
    wantedKeys: [...facts.wantedKeys],
    wantsAny: facts.wantsAny,
  };
}

/** The linted files' objects, as context files are compared with them. */
export class RelationTarget {
  // Read by relates() and, for files in the cache, by the relation index (relation-index.ts).
  readonly namespaces = new Set<string>();
  /** Their names and namespaces. */
  readonly names = new Set<string>();
  /** The words of their strings. */
  readonly words = new Set<string>();
  readonly wordsAll: boolean = false;
  readonly labels = new Set<string>();
  readonly labelKeys = new Set<string>();
  readonly wanted = new Set<string>();
  readonly wantedKeys = new Set<string>();
  readonly wantsAny: boolean = false;
  /** Each name between line breaks, as it is searched for in a file's words (made once). */
  private needles: string[] | undefined;

  constructor(
    files: readonly FileRelations[],
    readonly defaultNamespace: string,
  ) {
    for (const file of files) {
      for (const o of file.objects) {
        const namespace = this.namespaceOf(o);
        if (namespace) {
          this.namespaces.add(namespace);
          this.names.add(namespace);
        }
        if (o.name) this.names.add(o.name);
      }
      if (file.words === ALL_WORDS) this.wordsAll = true;
      else for (const w of file.words.split('\n')) if (w) this.words.add(w);
      for (const l of file.labels) this.labels.add(l);
      for (const k of file.labelKeys) this.labelKeys.add(k);
      for (const w of file.wanted) this.wanted.add(w);
      for (const k of file.wantedKeys) this.wantedKeys.add(k);
      this.wantsAny ||= file.wantsAny;
    }
  }

  /** The namespace an object lands in: '' for cluster-scoped kinds. */
  namespaceOf(o: FileRelations['objects'][number]): string {
    return isClusterScoped(o.kind) ? '' : (o.namespace ?? this.defaultNamespace);
  }

  /** Whether a context file's objects can relate to the linted ones: they then join the graph. */
  relates(file: FileRelations): boolean {
    for (const o of file.objects) {
      const namespace = this.namespaceOf(o);
      if (namespace === '' || this.namespaces.has(namespace)) return true;
    }
    return this.touches(file);
  }

  /**
   * Whether an object of the graph names the linted ones or is named by them, or selects their
   * pods or has pods they select: then checking it may find something about the linted objects,
   * and rules visit it. Other objects of the graph (the same namespace, cluster-scoped) are only
   * looked up. Names are looked for anywhere in its JSON text: a superset of its words.
   */
  touchesObject(obj: JsonRecord): boolean {
    const metadata = isRecord(obj.metadata) ? obj.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const namespace = this.namespaceOf({
      kind: typeof obj.kind === 'string' ? obj.kind : '',
      name,
      ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    });
    if (this.wordsAll || this.words.has(name) || this.words.has(namespace)) return true;
    const json = JSON.stringify(obj);
    for (const n of this.names) if (json.includes(n)) return true;
    const facts: LabelFacts = { labels: new Set(), labelKeys: new Set(), wanted: new Set(), wantedKeys: new Set(), wantsAny: false };
    collectLabelFacts(obj, facts, 0);
    return this.labelsRelate({
      labels: [...facts.labels],
      labelKeys: [...facts.labelKeys],
      wanted: [...facts.wanted],
      wantedKeys: [...facts.wantedKeys],
      wantsAny: facts.wantsAny,
    });
  }

  private labelsRelate(file: Pick<FileRelations, 'labels' | 'labelKeys' | 'wanted' | 'wantedKeys' | 'wantsAny'>): boolean {
    return (
      this.wantsAny ||
      file.wantsAny ||
      file.wanted.some((w) => this.labels.has(w)) ||
      file.wantedKeys.some((k) => this.labelKeys.has(k)) ||
      file.labels.some((l) => this.wanted.has(l)) ||
      file.labelKeys.some((k) => this.wantedKeys.has(k))
    );
  }

  private touches(file: FileRelations): boolean {
    for (const o of file.objects) {
      if (this.wordsAll || this.words.has(o.name) || this.words.has(this.namespaceOf(o))) return true;
    }
    if (file.words === ALL_WORDS) return true;
    const words = this.names.size > NAMES_SEARCHED ? indexWords(file) : wordSets.get(file);
    if (words) {
      // A name without a line break is in the text exactly when it is one of the words.
      for (const name of this.names) if (words.has(name) || (name.includes('\n') && file.words.includes(`\n${name}\n`))) return true;
    } else {
      for (const needle of (this.needles ??= [...this.names].map((name) => `\n${name}\n`))) if (file.words.includes(needle)) return true;
    }
    return this.labelsRelate(file);
  }
}

/** Up to this many names, each is searched for in a file's words; past it, the words become a set. */
const NAMES_SEARCHED = 8;
const wordSets = new WeakMap<FileRelations, Set<string>>();

/**
 * The file's words as a set, made once: for a file compared with many names (a target of many
 * linted files, or one the language server compares with every other file's target).
 */
export function indexWords(file: FileRelations): Set<string> {
  let words = wordSets.get(file);
  if (!words) wordSets.set(file, (words = new Set(file.words.split('\n'))));
  return words;
}

/** Only words that can be an object's name or namespace matter: lower-case DNS names. */
const NAME_LIKE = /^[a-z0-9][a-z0-9.-]{0,252}$/;

/** Adds the name-like words of every string in `value`; false when there are too many. */
function collectWords(value: unknown, words: Set<string>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === 'string') {
    if (NAME_LIKE.test(value)) words.add(value);
    for (const part of value.split(WORD_BREAK)) if (part !== value && NAME_LIKE.test(part)) words.add(part);
    return words.size <= MAX_WORDS;
  }
  if (Array.isArray(value)) return value.every((v) => collectWords(v, words, depth + 1));
  if (isRecord(value)) return Object.values(value).every((v) => collectWords(v, words, depth + 1));
  return true;
}

interface LabelFacts {
  labels: Set<string>;
  labelKeys: Set<string>;
  wanted: Set<string>;
  wantedKeys: Set<string>;
  wantsAny: boolean;
}

function collectLabelFacts(value: unknown, facts: LabelFacts, depth: number): void {
  if (depth > MAX_DEPTH) {
    facts.wantsAny = true;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectLabelFacts(item, facts, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'labels' && isRecord(child)) {
      for (const [k, v] of Object.entries(child)) {
        facts.labels.add(`${k}=${labelValue(v)}`);
        facts.labelKeys.add(k);
      }
    } else if (SELECTOR_KEYS.has(key) && isRecord(child)) {
      collectSelector(child, facts);
    }
    collectLabelFacts(child, facts, depth + 1);
  }
}

function collectSelector(selector: JsonRecord, facts: LabelFacts): void {
  const structured = 'matchLabels' in selector || 'matchExpressions' in selector;
  const pairs = structured ? selector.matchLabels : selector;
  let requirements = 0;
  if (isRecord(pairs)) {
    for (const [k, v] of Object.entries(pairs)) {
      facts.wanted.add(`${k}=${labelValue(v)}`);
      requirements++;
    }
  }
  for (const expression of Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as unknown[]) : []) {
    requirements++;
    if (!isRecord(expression) || typeof expression.key !== 'string') {
      facts.wantsAny = true;
      continue;
    }
    const values = Array.isArray(expression.values) ? (expression.values as unknown[]) : [];
    if (expression.operator === 'NotIn' || expression.operator === 'DoesNotExist') facts.wantsAny = true;
    else if (values.length === 0) facts.wantedKeys.add(expression.key);
    for (const v of values) facts.wanted.add(`${expression.key}=${labelValue(v)}`);
  }
  // An empty selector selects everything (or nothing): either way it may concern any pod.
  if (requirements === 0) facts.wantsAny = true;
}

/** A label value as the graph reads it (shared/value.ts asStringMap): scalars as text. */
function labelValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? '' : '\u0000';
}
