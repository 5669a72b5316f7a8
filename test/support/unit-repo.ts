// A git repository made of render fixture folders, run through the built CLI as the pre-commit
// hooks run it, with helm and kubectl wrappers that count their calls (test/render-units.test.ts,
// test/render-overlays.test.ts).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { renderTools } from './render-tools.js';
import { ROOT, stslint } from './run.js';

export const FIXTURES = path.join(ROOT, 'test/render-fixtures');
const HOOKS = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; args: string[] }[];
export const hookArgs = (id: string) => HOOKS.find((h) => h.id === id)!.args;

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'ignore' });

export interface Repo {
  root: string;
  /** Runs the CLI as a hook does (the tools are wrappers that count their calls). */
  run(args: readonly string[]): { code: number | null; findings: string[]; messages: string[]; json: JsonResult[] };
  /** The helm and kubectl calls since the last run. */
  calls(): { helm: number; kubectl: number };
  write(file: string, edit: (text: string) => string): void;
  commit(): void;
}

export interface JsonResult {
  filePath: string;
  messages: { line: number; ruleId: string | null; message: string }[];
}

/** A git repository made of fixture folders (target → fixture), committed, with counting tool wrappers. */
export function repository(folders: Record<string, string>, files: Record<string, string> = {}): Repo {
  const root = mkdtempSync(path.join(tmpdir(), 'stslint-units-'));
  for (const [target, fixture] of Object.entries(folders)) cpSync(path.join(FIXTURES, fixture), path.join(root, target), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  const tools = mkdtempSync(path.join(tmpdir(), 'stslint-units-tools-'));
  const log = path.join(tools, 'calls');
  const wrapper = (name: string, real: string) => {
    const file = path.join(tools, name);
    writeFileSync(file, `#!/bin/sh\necho ${name} >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const { helm, kubectl } = renderTools();
  const flags = ['--helm', wrapper('helm', helm), '--kustomize', wrapper('kubectl', kubectl)];
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'base');
  const calls = () => {
    const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
    rmSync(log, { force: true });
    return { helm: lines.filter((l) => l === 'helm').length, kubectl: lines.filter((l) => l === 'kubectl').length };
  };
  return {
    root,
    run(args) {
      // Renders are kept in the hook's cache in .git: each run here starts without it, so that calls count renders.
      for (const name of ['stslintcache', 'stslintcache.render']) rmSync(path.join(root, '.git', name), { force: true });
      calls();
      const result = stslint([...flags, '--format', 'json', ...args], { cwd: root });
      const json = JSON.parse(result.stdout || '[]') as JsonResult[];
      const all = json.flatMap((r) => r.messages.map((m) => ({ ...m, file: path.relative(root, r.filePath) })));
      return {
        code: result.code,
        findings: all.map((m) => `${m.file}:${m.line} ${m.ruleId ?? 'fatal'}`).sort(),
        messages: all.map((m) => m.message),
        json,
      };
    },
    calls,
    write(file, edit) {
      const at = path.join(root, file);
      writeFileSync(at, edit(readFileSync(at, 'utf8')));
    },
    commit() {
      git(root, 'add', '-A');
      git(root, 'commit', '-qm', 'change');
    },
  };
}

export function stslintPlan(repo: Repo): string {
  const { helm, kubectl } = renderTools();
  return stslint(['--helm', helm, '--kustomize', kubectl, '--base', 'HEAD', '--format', 'plan', '.'], { cwd: repo.root }).stdout;
}
