// A newline-delimited JSON connection to one of QEMU's unix sockets (QMP or the guest agent).
import { createConnection, type Socket } from 'node:net';

export class JsonSocket {
  private buffer = '';
  private readonly waiting: Array<(message: Record<string, unknown>) => void> = [];
  private readonly queued: Array<Record<string, unknown>> = [];
  private closedError: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('close', () => (this.closedError = new Error('connection closed')));
    socket.on('error', (error) => (this.closedError = error));
  }

  static connect(path: string, timeoutMs: number): Promise<JsonSocket> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${path} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new JsonSocket(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  send(message: unknown): void {
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message that satisfies accept (others are dropped), or an error after timeoutMs. */
  async next(accept: (m: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.receive(deadline - Date.now());
      if (accept(message)) return message;
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(timeoutMs: number): Promise<Record<string, unknown>> {
    const ready = this.queued.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(deliver), 1);
        reject(new Error('no answer in time'));
      }, Math.max(0, timeoutMs));
      const deliver = (message: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiting.push(deliver);
    });
  }

  private onData(chunk: string): void {
    // The guest agent marks a sync answer with a 0xFF byte that is not JSON.
    this.buffer += chunk.replace(/\xff/g, '');
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(Buffer.from(line, 'latin1').toString('utf8')) as Record<string, unknown>;
      } catch {
        continue; // a partial line left over from before a sync
      }
      const deliver = this.waiting.shift();
      if (deliver) deliver(message);
      else this.queued.push(message);
    }
  }
}
