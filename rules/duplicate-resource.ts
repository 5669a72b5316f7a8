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
    const earlier = new Map<string, Resource[]>();
    return {
      '*'(resource: Resource) {
        // Objects named by `generateName` get a fresh name each time; they never collide.
        if (!resource.name || !resource.kind) return;
        // The same object whatever the apiVersion: a Deployment of extensions/v1beta1 and apps/v1 is one object.
        const key = [resource.type ?? `${resource.group}/${resource.kind}`, resource.namespace, resource.name].join('\u0000');
        const before = earlier.get(key) ?? [];
        const first = before.find((other) => appliedTogether(other, resource));
        before.push(resource);
        earlier.set(key, before);
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
 * Whether one `kubectl apply -f` can send both: the same file, the same folder, or a folder and
 * one below it (`-R`). Definitions in sibling folders (`envs/dev/`, `envs/prod/`: one manifest
 * per environment) are alternatives that are applied one at a time, not duplicates.
 */
function appliedTogether(a: Resource, b: Resource): boolean {
  const dirA = path.dirname(a.manifest.file.path);
  const dirB = path.dirname(b.manifest.file.path);
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
