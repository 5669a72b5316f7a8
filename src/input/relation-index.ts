// The relation facts (relations.ts) of a cache's context files as inverted indexes, kept in the
// cache file (cache.ts): a `--context` run finds the files that can relate to its named files
// with a few lookups, instead of reading every file's facts (thousands in a repository) to ask
// each whether it does. The answer is exactly RelationTarget.relates() of each file (the
// lookups below follow its checks one by one; test/relation-index.test.ts compares them on
// generated facts), or none when the index cannot give it (a name with a line break, which
// relates() searches for across words).
//
// Layout (ASCII: keys are escaped; searched as bytes, never decoded whole):
// a first line of JSON (the file count, the lists below, and where each table lies), then each
// table as lines `key<TAB>id,id,…`, sorted by key, searched by bisection.

import { isClusterScoped } from '../api/kinds.js';
import { ALL_WORDS, type FileRelations, type RelationTarget } from './relations.js';

/** Keys → the files (ids) that have them. */
const TABLES = [
  /** Object names. */
  'names',
  /** `metadata.namespace` as written of objects that are not cluster-scoped; '' when absent (the run's default namespace). */
  'namespaces',
  /** The words of the files' strings. */
  'words',
  'labels',
  'labelKeys',
  'wanted',
  'wantedKeys',
] as const;
type Table = (typeof TABLES)[number];

/** Files with a property. */
const LISTS = [
  /** At least one object. */
  'withObjects',
  /** A cluster-scoped object. */
  'clusterScoped',
  /** Too many words to list (ALL_WORDS). */
  'allWords',
  'wantsAny',
] as const;
type List = (typeof LISTS)[number];

interface Head {
  /** Ids are 0 … count - 1. */
  count: number;
  lists: Record<List, number[]>;
  /** Where each table's lines lie in the text: [start, end). */
  tables: Record<Table, [number, number]>;
}

/** The index of `files`, each under its position as id (undefined: no file has that id). */
export function buildRelationIndex(files: readonly (FileRelations | undefined)[]): Buffer {
  const tables = Object.fromEntries(TABLES.map((t) => [t, new Map<string, number[]>()])) as Record<Table, Map<string, number[]>>;
  const lists = Object.fromEntries(LISTS.map((l) => [l, [] as number[]])) as Record<List, number[]>;
  files.forEach((file, id) => {
    if (!file) return;
    const add = (table: Table, key: string) => {
      const ids = tables[table].get(key);
      if (!ids) tables[table].set(key, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id);
    };
    if (file.objects.length > 0) lists.withObjects.push(id);
    let clusterScoped = false;
    for (const o of file.objects) {
      if (o.name !== '') add('names', o.name);
      if (isClusterScoped(o.kind)) clusterScoped = true;
      else add('namespaces', o.namespace ?? '');
    }
    if (clusterScoped) lists.clusterScoped.push(id);
    if (file.words === ALL_WORDS) lists.allWords.push(id);
    else for (const word of file.words.split('\n')) if (word !== '') add('words', word);
    for (const l of file.labels) add('labels', l);
    for (const k of file.labelKeys) add('labelKeys', k);
    for (const w of file.wanted) add('wanted', w);
    for (const k of file.wantedKeys) add('wantedKeys', k);
    if (file.wantsAny) lists.wantsAny.push(id);
  });
  const texts = TABLES.map((table) => {
    const lines = [...tables[table]].map(([key, ids]) => [escapeKey(key), ids.join(',')] as const);
    // Escaped keys are ASCII: string order is their bytes' order, which lookups compare.
    lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return lines.map(([key, ids]) => `${key}\t${ids}\n`).join('');
  });
  // The head's length changes the tables' offsets: they are given from the end of the head line.
  const spans = {} as Head['tables'];
  let at = 0;
  TABLES.forEach((table, i) => {
    spans[table] = [at, (at += texts[i]!.length)];
  });
  const head: Head = { count: files.length, lists, tables: spans };
  return Buffer.from(`${JSON.stringify(head)}\n${texts.join('')}`, 'latin1');
}

/** What a target relates to among the indexed files: every one, these ids, or no answer (ask relates()). */
type Answer = { all: true } | { all: false; ids: Set<number> } | undefined;

export class RelationIndex {
  private readonly answers = new WeakMap<RelationTarget, Answer>();
  /** Per id: the namespaces its objects land in, as written ('' when absent; cluster-scoped objects: none). */
  private written: Map<number, string[]> | undefined;
  private clusterScoped: Set<number> | undefined;

  private constructor(
    /** The index's bytes: searched as they are, never decoded whole (most of it is never looked at). */
    private readonly bytes: Buffer,
    /** Where the tables start. */
    private readonly base: number,
    private readonly head: Head,
  ) {}

  /** The index written by buildRelationIndex, or undefined when the bytes are not one. */
  static read(data: Uint8Array): RelationIndex | undefined {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const end = bytes.indexOf(NEWLINE);
    if (end === -1) return undefined;
    try {
      const head = JSON.parse(bytes.toString('latin1', 0, end)) as Head;
      if (typeof head.count !== 'number' || !head.lists || !head.tables) return undefined;
      return new RelationIndex(bytes, end + 1, head);
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the file indexed under `id` relates to the target: target.relates() of its facts,
   * or undefined when the index cannot tell (then ask relates()).
   */
  relates(target: RelationTarget, id: number): boolean | undefined {
    let answer = this.answers.get(target);
    if (!this.answers.has(target)) this.answers.set(target, (answer = this.answer(target)));
    if (!answer) return undefined;
    return answer.all || answer.ids.has(id);
  }

  /** The namespaces the objects of the file indexed under `id` land in: target.namespaceOf() of each ('' for cluster-scoped ones). */
  namespacesOf(id: number, defaultNamespace: string): string[] {
    if (!this.written || !this.clusterScoped) {
      this.written = new Map();
      for (const [key, ids] of this.entries('namespaces')) {
        for (const i of ids) {
          const list = this.written.get(i);
          if (list) list.push(key);
          else this.written.set(i, [key]);
        }
      }
      this.clusterScoped = new Set(this.head.lists.clusterScoped);
    }
    const namespaces = (this.written.get(id) ?? []).map((n) => (n === '' ? defaultNamespace : n));
    if (this.clusterScoped.has(id)) namespaces.push('');
    return namespaces;
  }

  /** relates()' checks, each as lookups: see RelationTarget.relates and touches. */
  private answer(t: RelationTarget): Answer {
    for (const name of t.names) if (name.includes('\n')) return undefined;
    if (t.wantsAny) return { all: true };
    const ids = new Set<number>();
    const add = (list: readonly number[]) => {
      for (const id of list) ids.add(id);
    };
    const lists = this.head.lists;
    // An object in a namespace of theirs, or cluster-scoped.
    add(lists.clusterScoped);
    for (const namespace of t.namespaces) this.inNamespace(namespace, t.defaultNamespace, add);
    // An object whose name or namespace is one of their words.
    if (t.wordsAll) add(lists.withObjects);
    for (const word of t.words) {
      add(this.lookup('names', word));
      this.inNamespace(word, t.defaultNamespace, add);
    }
    // Their names among its words.
    add(lists.allWords);
    for (const name of t.names) add(this.lookup('words', name));
    // Selectors and labels.
    add(lists.wantsAny);
    for (const l of t.labels) add(this.lookup('wanted', l));
    for (const k of t.labelKeys) add(this.lookup('wantedKeys', k));
    for (const w of t.wanted) add(this.lookup('labels', w));
    for (const k of t.wantedKeys) add(this.lookup('labelKeys', k));
    return { all: false, ids };
  }

  /** Files with an object (not cluster-scoped) that lands in `namespace`. */
  private inNamespace(namespace: string, defaultNamespace: string, add: (ids: readonly number[]) => void): void {
    add(this.lookup('namespaces', namespace));
    if (namespace === defaultNamespace) add(this.lookup('namespaces', ''));
  }

  /** The ids under `key` in a table: bisection over its sorted lines, comparing bytes (ASCII: the order of the escaped keys). */
  private lookup(table: Table, key: string): number[] {
    const { bytes, base } = this;
    const [start, end] = this.head.tables[table];
    const wanted = Buffer.from(escapeKey(key), 'latin1');
    let low = base + start;
    let high = base + end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      // The line holding `middle`: the bytes before a table's first line end with a line break.
      const lineStart = middle === 0 ? 0 : bytes.lastIndexOf(NEWLINE, middle - 1) + 1;
      const tab = bytes.indexOf(TAB, lineStart);
      const lineEnd = bytes.indexOf(NEWLINE, tab);
      const order = bytes.compare(wanted, 0, wanted.length, lineStart, tab);
      if (order === 0) return parseIds(bytes.toString('latin1', tab + 1, lineEnd));
      if (order < 0) low = lineEnd + 1;
      else high = lineStart;
    }
    return [];
  }

  /** Every key of a table with its ids. */
  private entries(table: Table): [string, number[]][] {
    const [start, end] = this.head.tables[table];
    return this.bytes
      .toString('latin1', this.base + start, this.base + end)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const tab = line.indexOf('\t');
        return [unescapeKey(line.slice(0, tab)), parseIds(line.slice(tab + 1))];
      });
  }
}

const NEWLINE = 0x0a;
const TAB = 0x09;
const parseIds = (text: string): number[] => text.split(',').map(Number);

/**
 * A key as one line of ASCII without tabs: JSON's string escapes (control characters, quotes,
 * backslashes, lone surrogates), and `\uXXXX` for every other character past ASCII. One key,
 * one text, so keys compare equal exactly when their escapes do.
 */
function escapeKey(key: string): string {
  return JSON.stringify(key)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function unescapeKey(escaped: string): string {
  return JSON.parse(`"${escaped}"`) as string;
}
