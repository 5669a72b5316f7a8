// A Language Server Protocol client of our own, for tests and the latency benchmark: it starts
// the package's `stslint-language-server --stdio` and speaks JSON-RPC 2.0 with Content-Length
// framing over the process's standard streams, as an editor does.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: Diagnostic['range'] }; message: string }[];
  data?: unknown;
}

export interface ClientOptions {
  /** Answers to `workspace/configuration` requests (the `stslint` section). */
  settings?: () => unknown;
  /** Capabilities to announce; by default those of a modern editor. */
  capabilities?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  /** Every notification and request the server sent, in order. */
  readonly received: Message[] = [];
  /** The last diagnostics published per URI. */
  readonly diagnostics = new Map<string, PublishedDiagnostics>();
  stderr = '';
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number | string, { resolve: (m: Message) => void }>();
  private readonly events = new EventEmitter();
  private readonly exited: Promise<number | null>;

  constructor(
    command: string,
    args: readonly string[],
    private readonly options: ClientOptions = {},
  ) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.process.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
  }

  static defaultCapabilities(): Record<string, unknown> {
    return {
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        workspaceFolders: true,
      },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, codeAction: {} },
    };
  }

  async initialize(rootUri: string, initializationOptions?: unknown): Promise<Message> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: this.options.capabilities ?? LspClient.defaultCapabilities(),
      initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    const answer = new Promise<Message>((resolve) => this.pending.set(id, { resolve }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return answer;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first message (already received or to come) that `test` accepts. */
  waitFor(test: (message: Message) => boolean, timeoutMs = 20_000, from = 0): Promise<Message> {
    const seen = this.received.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('message', listener);
        reject(new Error(`no matching message in ${timeoutMs} ms; server stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = (message: Message) => {
        if (!test(message)) return;
        clearTimeout(timer);
        this.events.off('message', listener);
        resolve(message);
      };
      this.events.on('message', listener);
    });
  }

  /** The next diagnostics published for `uri` (after the `from`-th message) that `test` accepts. */
  async nextDiagnostics(uri: string, test: (p: PublishedDiagnostics) => boolean = () => true, from = this.received.length): Promise<PublishedDiagnostics> {
    const message = await this.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishedDiagnostics).uri === uri && test(m.params as PublishedDiagnostics),
      20_000,
      from,
    );
    return message.params as PublishedDiagnostics;
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exited;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
  }

  get exitCode(): Promise<number | null> {
    return this.exited;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad header from the server: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.resolve(message);
      this.pending.delete(message.id);
      return;
    }
    this.received.push(message);
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as PublishedDiagnostics;
      this.diagnostics.set(params.uri, params);
    }
    if (message.id !== undefined) this.answer(message);
    this.events.emit('message', message);
  }

  /** Requests from the server: configuration, registrations, messages. */
  private answer(message: Message): void {
    let result: unknown = null;
    if (message.method === 'workspace/configuration') {
      const items = (message.params as { items: unknown[] }).items;
      result = items.map(() => this.options.settings?.() ?? {});
    }
    this.send({ jsonrpc: '2.0', id: message.id!, result });
  }
}

/**
 * The diagnostics a client shows now (the last published per URI; files showing none left out), by
 * file name relative to `dir`, each as `show` writes it.
 */
export function shownByFile(client: LspClient, dir: string, show: (d: Diagnostic) => string): Record<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of client.received) {
    if (m.method !== 'textDocument/publishDiagnostics') continue;
    const p = m.params as PublishedDiagnostics;
    out.set(path.relative(dir, new URL(p.uri).pathname), p.diagnostics.map(show));
  }
  return Object.fromEntries([...out].filter(([, shown]) => shown.length > 0));
}
