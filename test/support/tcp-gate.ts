/**
 * A TCP gate in front of a local server, to play the network between tagih
 * and a platform: open (bytes pass, optionally late), or refusing (nothing
 * listens: new connections get ECONNREFUSED and open ones are cut). Point the
 * client at `url` instead of the server's own address.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpGate {
  /** Added to every chunk in each direction while open. */
  latencyMs = 0;
  /**
   * A black hole: connections are taken and nothing passes either way, as
   * when packets are dropped somewhere on the path; callers wait for their
   * own deadlines.
   */
  swallowing = false;
  private server: Server;
  private readonly sockets = new Set<Socket>();

  private readonly targetPort: number;
  readonly port: number;
  private constructor(
    targetPort: number,
    port: number,
    server: Server,
  ) {
    this.targetPort = targetPort;
    this.port = port;
    this.server = server;
  }

  /** A gate on a free port of its own, open, to `127.0.0.1:<targetPort>`. */
  static async start(targetPort: number): Promise<TcpGate> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const gate = new TcpGate(targetPort, port, createServer());
    await gate.open();
    return gate;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isOpen(): boolean {
    return this.server.listening;
  }

  /** Listens again on the same port; connections pass through to the target. */
  async open(): Promise<void> {
    if (this.server.listening) return;
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stops listening and cuts every open connection: the platform is unreachable. */
  async refuse(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.refuse();
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (this.swallowing) return;
        if (this.latencyMs <= 0) return void to.write(chunk);
        setTimeout(() => to.destroyed || to.write(chunk), this.latencyMs);
      });
      from.on('end', () => {
        if (this.swallowing) return;
        if (this.latencyMs <= 0) return void to.end();
        setTimeout(() => to.end(), this.latencyMs);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  }
}
