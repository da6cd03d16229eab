import net from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

/**
 * A round-robin TCP load balancer on 127.0.0.1 for the cluster tests: each new connection
 * goes to the next backend, and to the one after it when that one refuses (a dead node is
 * skipped). Bytes pass through untouched, so HTTP and WebSocket upgrades both work, and
 * no session is sticky.
 */
export class TcpBalancer {
  readonly #backends: Backend[];
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  /** Open client connections per backend index. */
  readonly #open: number[];
  #next = 0;
  #port = 0;

  constructor(backends: Backend[]) {
    this.#backends = backends;
    this.#open = backends.map(() => 0);
    this.#server = net.createServer({ pauseOnConnect: true }, (client) => this.#accept(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.#port}`;
  }

  /** How many client connections each backend holds now. */
  openConnections(): readonly number[] {
    return [...this.#open];
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #accept(client: net.Socket): void {
    this.#track(client);
    client.on('error', () => client.destroy());
    const start = this.#next;
    this.#next = (this.#next + 1) % this.#backends.length;
    this.#dial(client, start, 0);
  }

  #dial(client: net.Socket, index: number, tried: number): void {
    if (client.destroyed) return;
    if (tried === this.#backends.length) {
      client.destroy();
      return;
    }
    const { host, port } = this.#backends[index];
    const upstream = net.connect({ host, port });
    this.#track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.#open[index]++;
      upstream.once('close', () => this.#open[index]--);
      client.pipe(upstream);
      upstream.pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) this.#dial(client, (index + 1) % this.#backends.length, tried + 1);
      upstream.destroy();
    });
  }
}
