// Client of qemu-guest-agent (virtio-serial): runs programs in the guest with argv arrays and
// returns their exit code and output. No network, ssh or keys needed.
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonSocket } from './json-socket.js';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class GuestAgent {
  private nextId = Math.floor(Math.random() * 1e6);

  private constructor(private readonly socket: JsonSocket) {}

  /** Connects and synchronises; throws if the agent does not answer within timeoutMs. */
  static async connect(path: string, timeoutMs: number): Promise<GuestAgent> {
    const socket = await JsonSocket.connect(path, timeoutMs);
    const agent = new GuestAgent(socket);
    try {
      await agent.sync(timeoutMs);
    } catch (error) {
      socket.close();
      throw error;
    }
    return agent;
  }

  private async sync(timeoutMs: number): Promise<void> {
    const id = this.nextId++;
    this.socket.send({ execute: 'guest-sync-delimited', arguments: { id } });
    await this.socket.next((m) => m['return'] === id, timeoutMs);
  }

  async call<T = unknown>(execute: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    this.socket.send({ execute, arguments: args });
    const reply = await this.socket.next((m) => 'return' in m || 'error' in m, timeoutMs);
    if ('error' in reply) throw new Error(`guest agent ${execute}: ${JSON.stringify(reply['error'])}`);
    return reply['return'] as T;
  }

  /** Runs argv[0] with the rest as arguments; waits at most timeoutMs for it to end. */
  async exec(argv: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const [path, ...arg] = argv;
    if (!path) throw new Error('exec: empty argv');
    const started = await this.call<{ pid: number }>('guest-exec', {
      path,
      arg,
      'capture-output': true,
      ...(options.input !== undefined ? { 'input-data': Buffer.from(options.input).toString('base64') } : {}),
    });
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let delay = 20;
    for (;;) {
      const status = await this.call<{
        exited: boolean;
        exitcode?: number;
        signal?: number;
        'out-data'?: string;
        'err-data'?: string;
      }>('guest-exec-status', { pid: started.pid });
      if (status.exited) {
        return {
          code: status.exitcode ?? 128 + (status.signal ?? 0),
          stdout: Buffer.from(status['out-data'] ?? '', 'base64').toString('utf8'),
          stderr: Buffer.from(status['err-data'] ?? '', 'base64').toString('utf8'),
        };
      }
      if (Date.now() > deadline) throw new Error(`guest command did not end in time: ${argv.join(' ')}`);
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
    }
  }

  close(): void {
    this.socket.close();
  }
}
