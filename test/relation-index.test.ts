// The cache's relation index (src/input/relation-index.ts) answers for a context file exactly
// as RelationTarget.relates() does on its facts, and gives the namespaces its objects land in
// as namespaceOf() does: on generated facts (small vocabularies, so that names, words,
// namespaces and labels collide across files), and on every fixture and corpus file.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs } from '../src/input/files.js';
import { processFile } from '../src/input/pipeline.js';
import { buildRelationIndex, RelationIndex } from '../src/input/relation-index.js';
import { ALL_WORDS, fileRelations, RelationTarget, type FileRelations } from '../src/input/relations.js';
import { ROOT, SHARED } from './support/run.js';

/** mulberry32: a fixed seed, the same cases every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Odd strings on purpose: tabs, line breaks, quotes, backslashes, non-ASCII, astral and lone surrogates, `=`.
const WORDS = [
  'db',
  'db-0',
  'web',
  'default',
  'prod',
  'kube-system',
  'a.b',
  'x_y',
  'data',
  'v1',
  'all',
  '0',
  'café',
  'tab\there',
  'q"uote',
  'back\\slash',
  '🙂',
  '\ud800',
  'é\u00e9',
];
const KINDS = ['StatefulSet', 'Service', 'ConfigMap', 'StorageClass', 'Namespace', 'PersistentVolume', 'ClusterRole', 'PodDisruptionBudget', 'List', ''];

function generatedFile(next: () => number): FileRelations {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], most: number): T[] => Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick(list));
  const objects = some([0], 3).map(() => {
    const namespace = next() < 0.3 ? undefined : pick(WORDS);
    return { kind: pick(KINDS), name: next() < 0.1 ? '' : pick(WORDS), ...(namespace === undefined ? {} : { namespace }) };
  });
  // Words are name-like in real facts; any text here (the index must not care).
  const words = next() < 0.05 ? ALL_WORDS : `\n${[...new Set(some(WORDS, 6))].join('\n')}\n`;
  const label = () => `${pick(WORDS)}=${next() < 0.2 ? '' : pick(WORDS)}`;
  return {
    objects,
    words: objects.length === 0 && next() < 0.5 ? '\n\n' : words,
    labels: [...new Set(some([0], 2).map(label))],
    labelKeys: [...new Set(some(WORDS, 2))],
    wanted: [...new Set(some([0], 2).map(label))],
    wantedKeys: [...new Set(some(WORDS, 1))],
    wantsAny: next() < 0.05,
  };
}

/** Every file against the index, for each target: the same answer and namespaces as the facts give. */
function expectIndexAgrees(files: readonly FileRelations[], targets: readonly RelationTarget[]): number {
  const index = RelationIndex.read(buildRelationIndex(files))!;
  expect(index).toBeDefined();
  let compared = 0;
  for (const target of targets) {
    files.forEach((file, id) => {
      const answer = index.relates(target, id);
      if ([...target.names].some((n) => n.includes('\n'))) {
        expect(answer).toBeUndefined();
        return;
      }
      expect(answer, `file ${id}`).toBe(target.relates(file));
      expect(new Set(index.namespacesOf(id, target.defaultNamespace))).toEqual(new Set(file.objects.map((o) => target.namespaceOf(o))));
      compared++;
    });
  }
  return compared;
}

describe('the relation index of the cache', () => {
  it('answers as relates() on generated facts, whatever the target and default namespace', () => {
    const next = random(20261206);
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      const files = Array.from({ length: 60 }, () => generatedFile(next));
      const targets = Array.from({ length: 12 }, () => {
        const named = Array.from({ length: 1 + Math.floor(next() * 2) }, () => generatedFile(next));
        return new RelationTarget(named, next() < 0.5 ? 'default' : WORDS[Math.floor(next() * WORDS.length)]!);
      });
      compared += expectIndexAgrees(files, targets);
    }
    expect(compared).toBeGreaterThan(20_000);
  });

  it('answers only where it can: a name with a line break is searched for across words', () => {
    const files = [fileRelations([{ kind: 'Service', metadata: { name: 'a', namespace: 'x' }, spec: { note: 'b' } }])];
    const index = RelationIndex.read(buildRelationIndex(files))!;
    const target = new RelationTarget([fileRelations([{ kind: 'Service', metadata: { name: 'a\nb', namespace: 'y' } }])], 'default');
    expect(index.relates(target, 0)).toBeUndefined();
  });

  it('leaves out ids without a file, and reads only what it wrote', () => {
    const files = [undefined, fileRelations([{ kind: 'Service', metadata: { name: 's', namespace: 'n' } }]), undefined];
    const index = RelationIndex.read(buildRelationIndex(files))!;
    const target = new RelationTarget([fileRelations([{ kind: 'Service', metadata: { name: 't', namespace: 'n' } }])], 'default');
    expect([0, 1, 2].map((id) => index.relates(target, id))).toEqual([false, true, false]);
    expect(RelationIndex.read(Buffer.from('not an index'))).toBeUndefined();
  });

  it('answers as relates() on the facts of every fixture and corpus file, each file a target', { timeout: 300_000 }, async () => {
    const dirs = [path.join(ROOT, 'fixtures'), ...(existsSync(path.join(SHARED, 'corpus')) ? [path.join(SHARED, 'corpus')] : [])];
    const { files } = await expandInputs(dirs, ROOT);
    const facts = files.map((file) => processFile(file, 64 * 1024 * 1024, { contextOnly: true }).relations ?? fileRelations([]));
    // Every 7th file as a target alone, every 11th with the next one (two named files), under two default namespaces.
    const targets: RelationTarget[] = [];
    for (let i = 0; i < facts.length; i += 7) targets.push(new RelationTarget([facts[i]!], 'default'));
    for (let i = 0; i + 1 < facts.length; i += 11) targets.push(new RelationTarget([facts[i]!, facts[i + 1]!], 'kube-system'));
    expect(expectIndexAgrees(facts, targets)).toBeGreaterThan(10_000);
  });
});
