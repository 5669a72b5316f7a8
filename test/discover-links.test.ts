// discoverUnits (src/render/discover.ts) checks each kustomization entry with the native
// realpath: a symbolic link loop is reported, a link to a folder is followed, a missing entry
// is left to kustomize, as with Node's own realpath.

import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverUnits } from '../src/render/discover.js';
import { tempDir } from './support/run.js';

const codeOf = (read: (p: string) => string, target: string) => {
  try {
    read(target);
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
};

describe('kustomization entries that are symbolic links', () => {
  it('are told apart as Node’s realpath tells them: loops, links to folders, dangling and missing entries', () => {
    const dir = tempDir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'base/kustomization.yaml': 'resources: [service.yaml]\n',
      'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n',
      'app/kustomization.yaml': 'resources: [loop, linked-base, dangling, missing, nested/../linked-base]\n',
    });
    symlinkSync('loop', path.join(dir, 'app/loop'));
    symlinkSync('../base', path.join(dir, 'app/linked-base'));
    symlinkSync('nowhere', path.join(dir, 'app/dangling'));
    mkdirSync(path.join(dir, 'app/nested'));
    for (const entry of ['loop', 'linked-base', 'dangling', 'missing', 'linked-base/service.yaml']) {
      const target = path.join(dir, 'app', entry);
      expect(codeOf(realpathSync.native, target), entry).toBe(codeOf(realpathSync, target));
    }
    const found = discoverUnits([path.join(dir, 'app/kustomization.yaml')]);
    expect(found.problems.map((p) => p.message)).toEqual([expect.stringContaining('`resources` entry `loop` is a symbolic link loop')]);
    // The linked base is built through the app (its files are the app's).
    expect(found.unitFiles.has(path.join(dir, 'app/linked-base/service.yaml')) || found.unitFiles.has(path.join(dir, 'base/service.yaml'))).toBe(true);
  });
});
