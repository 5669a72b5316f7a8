import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { locate } from '../src/yaml/locate.js';

export default defineRule({
  id: 'duplicate-resource',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'Two objects of the same kind, namespace and name in the input are one object in the cluster, which the later definition changes as far as the API server allows.',
    messages: {
      duplicate:
        "{{kind}} `{{name}}`{{where}} is defined twice ({{first}} is the other definition). Both are applied to the one object the cluster keeps under that name: the one applied later overwrites what the other set wherever the API server lets the field change (a change to an immutable field is refused, and some fields it leaves out keep the earlier value), so the object ends up as neither file says, and checks that look the object up (stslint's too) see only one of them. " +
        'Remove one of them, or give them different names.',
    },
  },
  create: ({ report }) => {
    // Per name, the first object of each folder, in order: a later object of a folder is never
    // the first one applied together with another (the folder's first one is, and earlier).
    const earlier = new Map<string, { dir: string; resource: Resource }[]>();
    // Inputs with hundreds of objects of one name in as many folders (fixtures, generated
    // bundles) compare many pairs of folders: a pair neither of which begins with the other
    // (resolved; on Windows, as path.relative compares them, case-folded) is never one inside
    // the other, and path.relative is left for the rest.
    const folded = new Map<string, string>();
    const foldedOf = (dir: string): string => {
      let f = folded.get(dir);
      if (f === undefined) folded.set(dir, (f = FOLD(path.resolve(dir))));
      return f;
    };
    const appliedTogetherOnce = (dirA: string, dirB: string): boolean => {
      const a = foldedOf(dirA);
      const b = foldedOf(dirB);
      return (a.startsWith(b) || b.startsWith(a)) && appliedTogether(dirA, dirB);
    };
    // Every object is visited: the folder of the last file asked is kept (a file's objects come together).
    let lastFile = '';
    let lastDir = '';
    return {
      '*'(resource: Resource) {
        // Objects named by `generateName` get a fresh name each time; they never collide.
        if (!resource.name || !resource.kind) return;
        // The same object whatever the apiVersion: a Deployment of extensions/v1beta1 and apps/v1 is one object.
        const key = `${resource.type ?? `${resource.group}/${resource.kind}`}\u0000${resource.namespace}\u0000${resource.name}`;
        const file = resource.manifest.file.path;
        if (file !== lastFile) {
          lastFile = file;
          lastDir = path.dirname(file);
        }
        const dir = lastDir;
        const before = earlier.get(key);
        if (!before) {
          // The first of its name: nothing to compare with.
          earlier.set(key, [{ dir, resource }]);
          return;
        }
        const first = before.find((other) => appliedTogetherOnce(other.dir, dir))?.resource;
        if (!before.some((other) => other.dir === dir)) before.push({ dir, resource });
        if (!first) return;
        // The same definition twice (a rendered bundle beside the files it was made from, one
        // output in YAML and in JSON) loses nothing whichever is applied last.
        if (sameDefinition(first.obj, resource.obj)) return;
        const namespace = !resource.namespace
          ? ''
          : resource.namespaceExplicit && first.namespaceExplicit
            ? ` in namespace \`${resource.namespace}\``
            : ` in namespace \`${resource.namespace}\` (where objects that set none land, as linted)`;
        report({
          resource,
          path: ['metadata', 'name'],
          messageId: 'duplicate',
          data: { kind: resource.kind, name: resource.name, where: namespace, first: placeOf(first, resource) },
        });
      },
    };
  },
});

/**
 * Whether one `kubectl apply -f` can send objects of these two folders: the same file, the same folder, or a folder and
 * one below it (`-R`). Definitions in sibling folders (`envs/dev/`, `envs/prod/`: one manifest
 * per environment) are alternatives that are applied one at a time, not duplicates.
 */
const FOLD = process.platform === 'win32' ? (s: string) => s.toLowerCase() : (s: string) => s;

function appliedTogether(dirA: string, dirB: string): boolean {
  return isWithin(dirA, dirB) || isWithin(dirB, dirA);
}

function isWithin(directory: string, root: string): boolean {
  const relative = path.relative(root, directory);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Where the first definition is, as a reader finds it: the line in this file, or the file (relative to this one's folder) and line. */
function placeOf(first: Resource, second: Resource): string {
  const { line } = locate(first.manifest, ['metadata', 'name']);
  if (first.manifest.file.path === second.manifest.file.path) return `line ${line} of this file`;
  return `\`${path.relative(path.dirname(second.manifest.file.path), first.manifest.file.path)}\` line ${line}`;
}

/**
 * Whether two definitions say the same thing to the API server: `status` and fields written as
 * null (`creationTimestamp: null`, as `kubectl create --dry-run -o yaml` prints) are not part of
 * what is applied.
 */
function sameDefinition(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(applied(a), applied(b));
}

function applied(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((item) => applied(item, false));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null || (top && key === 'status')) continue;
    out[key] = applied(field, false);
  }
  return out;
}
