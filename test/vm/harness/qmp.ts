// QEMU's machine protocol: used to power the VM off and to cut its power.
import { JsonSocket } from './json-socket.js';

export class Qmp {
  private constructor(private readonly socket: JsonSocket) {}

  static async connect(path: string, timeoutMs = 10_000): Promise<Qmp> {
    const socket = await JsonSocket.connect(path, timeoutMs);
    await socket.next((m) => 'QMP' in m, timeoutMs);
    const qmp = new Qmp(socket);
    await qmp.call('qmp_capabilities');
    return qmp;
  }

  async call(execute: string, args: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<unknown> {
    this.socket.send({ execute, arguments: args });
    const reply = await this.socket.next((m) => 'return' in m || 'error' in m, timeoutMs);
    if ('error' in reply) throw new Error(`QMP ${execute}: ${JSON.stringify(reply['error'])}`);
    return reply['return'];
  }

  close(): void {
    this.socket.close();
  }
}
