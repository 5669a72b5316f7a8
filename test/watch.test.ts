// --watch: re-lints on change and frames each run with the markers the VS Code matcher expects.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WATCH_BEGIN, WATCH_END } from '../src/cli/watch.js';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { CLI, tempDir } from './support/run.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

/** Starts `stslint --watch`; `untilRuns(n)` resolves with all output once n runs have ended. */
function watch(args: string[], cwd: string) {
  child = spawn(process.execPath, [CLI, '--watch', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  const waiters: { runs: number; resolve: (out: string) => void }[] = [];
  const ended = () => stdout.split('\n').filter((l) => l.startsWith(WATCH_END)).length;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of waiters.filter((w) => ended() >= w.runs)) w.resolve(stdout);
  });
  return {
    untilRuns: (runs: number) => new Promise<string>((resolve) => (ended() >= runs ? resolve(stdout) : waiters.push({ runs, resolve }))),
    stderr: () => stderr,
  };
}

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

describe('--watch', () => {
  it('lints at start and again after a change, each run between begin and end markers', async () => {
    const dir = tempDir({ 'k8s/db.yaml': DB_SET });
    const run = watch(['--format', 'compact', 'k8s'], dir);

    const first = await run.untilRuns(1);
    expect(first.split('\n').filter(Boolean)).toEqual([
      `${WATCH_BEGIN} (start)`,
      expect.stringMatching(/^k8s\/db\.yaml:6:16: error: .*\[service-missing\]$/),
      expect.stringMatching(/^k8s\/db\.yaml:17:21: error: .*\[volume-mount-unresolved\]$/),
      `${WATCH_END}, 2 errors, 0 warnings, 0 infos; watching for changes`,
    ]);

    writeFileSync(path.join(dir, 'k8s/db-service.yaml'), DB_SERVICE);
    const second = (await run.untilRuns(2)).slice(first.length).split('\n').filter(Boolean);
    expect(second[0]).toBe(`${WATCH_BEGIN} (k8s/db-service.yaml changed)`);
    expect(second.slice(1)).toEqual([
      expect.stringMatching(/^k8s\/db\.yaml:17:21: error: .*\[volume-mount-unresolved\]$/),
      `${WATCH_END}, 1 error, 0 warnings, 0 infos; watching for changes`,
    ]);
    expect(run.stderr()).toBe('');
  });

  it('survives a broken configuration: reports it and keeps watching', async () => {
    const dir = tempDir({ 'db.yaml': DB_SET, '.stslint.yaml': 'rules: {service-missing: nope}\n' });
    const run = watch(['--format', 'compact', '.'], dir);
    const first = await run.untilRuns(1);
    expect(first).toContain(`${WATCH_END}, failed; watching for changes`);
    // Also on standard output, in the problem matcher's shape: the Problems panel shows it.
    expect(first).toMatch(/^\.stslint\.yaml:1:26: error: `rules\.service-missing` is `nope`.* \[configuration\]$/m);
    // stderr is another pipe: its text may arrive after stdout's.
    await until(() => run.stderr() !== '');
    expect(run.stderr()).toMatch(/^stslint: \.stslint\.yaml:1:26: `rules\.service-missing` is `nope`/);
    writeFileSync(path.join(dir, '.stslint.yaml'), 'rules: {service-missing: off}\n');
    expect(await run.untilRuns(2)).toMatch(/done, 1 error, 0 warnings, 0 infos; watching for changes\n$/);
  });
});
