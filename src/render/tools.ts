// The user's own rendering tools (helm, kustomize, kubectl): found on PATH or at a configured
// path, run without a shell, with a time limit and a cap on what they may print. Nothing here
// reaches the network by itself; the commands built by helm.ts and kustomize.ts never ask for it.

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export type ToolName = 'helm' | 'kustomize' | 'kubectl';

/** A tool found: its path, and how it was named (for messages). */
export interface Tool {
  name: ToolName;
  file: string;
}

/** Where to look: explicit paths win over PATH. */
export interface ToolPaths {
  helm?: string;
  kustomize?: string;
  kubectl?: string;
}

/** The executable for `name`: the configured path (absolute, or a name looked up on PATH), else `name` on PATH. */
export function findTool(name: ToolName, configured: string | undefined, env: NodeJS.ProcessEnv = process.env): Tool | undefined {
  const wanted = configured ?? name;
  if (wanted.includes('/') || wanted.includes(path.sep)) return isExecutable(wanted) ? { name, file: path.resolve(wanted) } : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const suffix of process.platform === 'win32' ? ['.exe', '.cmd', ''] : ['']) {
      const file = path.join(dir, wanted + suffix);
      if (isExecutable(file)) return { name, file };
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Stopped: over the time limit, printed more than the cap, or no longer wanted (`signal`). */
  stopped?: 'timeout' | 'output' | 'aborted';
}

export interface RunLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Aborted: the tool is killed at once, with every process it started (a render overtaken by a newer one in the language server). */
  signal?: AbortSignal;
}

// On POSIX every tool runs as the leader of a process group of its own, so that a timeout, the
// output cap or an abort kills a wrapper script's children with it (helm plugins, a `kustomize`
// shell wrapper). A detached group no longer receives the terminal's Ctrl-C, so while groups run
// this process forwards SIGINT and SIGTERM to them (and then dies of the signal as it would have
// without the handler), and kills them when it exits.
const runningGroups = new Set<number>();
const FORWARDED = ['SIGINT', 'SIGTERM'] as const;

function forward(signal: NodeJS.Signals): void {
  // The signal, then SIGKILL: a shell script's background jobs ignore SIGINT, and a render has nothing to save.
  for (const pid of runningGroups) {
    killGroup(pid, signal);
    killGroup(pid, 'SIGKILL');
  }
  stopForwarding();
  process.kill(process.pid, signal); // the default action: end as the signal ends a process
}
const forwarders = new Map(FORWARDED.map((s) => [s, () => forward(s)]));
const killAllGroups = () => {
  for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
};

function startForwarding(pid: number): void {
  if (runningGroups.size === 0) {
    for (const [s, handler] of forwarders) process.on(s, handler);
    process.on('exit', killAllGroups);
  }
  runningGroups.add(pid);
}

function groupEnded(pid: number): void {
  if (!runningGroups.delete(pid) || runningGroups.size > 0) return;
  stopForwarding();
}

function stopForwarding(): void {
  for (const [s, handler] of forwarders) process.off(s, handler);
  process.off('exit', killAllGroups);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Runs `tool args` and collects its output; never throws for the tool's own failure. */
export function runTool(tool: Tool, args: readonly string[], limits: RunLimits): Promise<RunResult> {
  return new Promise((resolve) => {
    const { signal } = limits;
    if (signal?.aborted) {
      resolve({ code: null, stdout: '', stderr: '', stopped: 'aborted' });
      return;
    }
    const group = process.platform !== 'win32';
    const child = spawn(tool.file, args, {
      cwd: limits.cwd,
      env: limits.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      detached: group,
    });
    const pid = group ? child.pid : undefined;
    if (pid !== undefined) startForwarding(pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let stopped: RunResult['stopped'];
    let exited = false;
    const stop = (why: NonNullable<RunResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      if (group && child.pid !== undefined)
        killGroup(child.pid, 'SIGKILL'); // the tool and everything it started
      else if (!exited) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), limits.timeoutMs);
    const abort = () => stop('aborted');
    signal?.addEventListener('abort', abort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxOutputBytes) {
        stop('output');
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('exit', () => {
      exited = true;
    });
    child.on('error', (error) => {
      if (pid !== undefined) groupEnded(pid);
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      resolve({ code: null, stdout: '', stderr: error.message });
    });
    child.on('close', (code) => {
      if (pid !== undefined) groupEnded(pid);
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...(stopped ? { stopped } : {}) });
    });
  });
}

/** Runs jobs with at most `limit` at a time, results in the jobs' order. */
export async function inParallel<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
