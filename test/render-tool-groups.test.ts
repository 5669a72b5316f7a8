// A rendering tool that starts processes of its own (a wrapper script, a helm plugin) is stopped
// with all of them: on a timeout, and when the user interrupts stslint (Ctrl-C, SIGTERM).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../src/render/tools.js';
import { CLI, tempDir } from './support/run.js';

/** A fake helm: starts a sleeping child, records both pids, then sleeps itself. */
function fakeTool(dir: string): { file: string; pids: string } {
  const file = path.join(dir, 'fake-helm');
  const pids = path.join(dir, 'pids');
  writeFileSync(file, `#!/bin/sh\nsleep 60 &\necho "$$ $!" > '${pids}.tmp'\nmv '${pids}.tmp' '${pids}'\nsleep 60\n`);
  chmodSync(file, 0o755);
  return { file, pids };
}

/** Alive: exists and is not a zombie waiting for a parent that does not reap it (PID 1 in a container may not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !stat.includes(') Z ');
}

const readPids = (file: string): number[] => readFileSync(file, 'utf8').trim().split(' ').map(Number);

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(process.platform === 'win32')('rendering tools are stopped with every process they started', () => {
  it('on a timeout, without an abort signal (the CLI)', { timeout: 30_000 }, async () => {
    const dir = tempDir({});
    const { file, pids } = fakeTool(dir);
    const result = await runTool({ name: 'helm', file }, [], { timeoutMs: 500, maxOutputBytes: 1 << 20, cwd: dir });
    expect(result.stopped).toBe('timeout');
    const [tool, child] = readPids(pids);
    await until(() => !alive(tool!) && !alive(child!));
    // SIGINT/SIGTERM handlers are installed only while a tool runs.
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`when stslint gets ${signal}: the tool and its child are gone and stslint ends of the signal`, { timeout: 30_000 }, async () => {
      const dir = tempDir({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/templates/a.yaml': 'kind: ConfigMap\n' });
      const { file, pids } = fakeTool(dir);
      const cli = spawn(process.execPath, [CLI, '--helm', file, 'chart'], { cwd: dir, stdio: 'ignore' });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => cli.on('exit', (code, s) => resolve({ code, signal: s })));
      await until(() => existsSync(pids), 20_000);
      const [tool, child] = readPids(pids);
      cli.kill(signal); // to stslint alone, as a terminal's Ctrl-C would miss the tool's own group
      // Ended as the signal ends a process: a shell reports 130 for SIGINT, 143 for SIGTERM.
      expect(await ended).toEqual({ code: null, signal });
      await until(() => !alive(tool!) && !alive(child!));
    });
  }
});
