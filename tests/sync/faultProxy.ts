// A small fault-injecting TCP proxy between a station and the district server (node:net, no HTTP parsing):
// per request it can pass, refuse, drop the response after the server has answered (the server committed,
// the station never hears), cut the upload after N bytes, or run a hook when the server's answer arrives
// (kill -9 a process at that exact point). It also counts the bytes on the wire.
import net from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'dropResponse' }
  | { kind: 'cutUpload'; afterBytes: number }
  /** When the server's answer arrives: run `hook` (e.g. kill -9 the station or the server), before or after
   *  handing the first bytes of the answer to the station, then close the connection. */
  | { kind: 'onAnswer'; hook: () => void; deliverFirst: boolean };

export interface FaultProxy {
  url: string;
  /** Faults for the next requests, in order; when empty, requests pass. */
  faults: Fault[];
  /** While true, every connection is refused (the line is down). */
  down: boolean;
  stats: {
    bytesUp: number;
    bytesDown: number;
    requests: number;
    dropped: number;
    cut: number;
    refused: number;
  };
  resetStats(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const proxy: FaultProxy = {
    url: '',
    faults: [],
    down: false,
    stats: { bytesUp: 0, bytesDown: 0, requests: 0, dropped: 0, cut: 0, refused: 0 },
    resetStats() {
      proxy.stats = { bytesUp: 0, bytesDown: 0, requests: 0, dropped: 0, cut: 0, refused: 0 };
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (proxy.down) {
      // Closed on the first bytes, not on accept: undici's first fetch to a peer that resets a connection
      // the moment it is accepted waits for its whole timeout instead of failing (Node 20).
      client.once('data', () => {
        proxy.stats.refused++;
        client.destroy();
      });
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());

    // A request starts with client bytes while no request is in flight; it ends when the server answers.
    let inFlight = false;
    let fault: Fault = { kind: 'pass' };
    let sentOfRequest = 0;

    client.on('data', (chunk: Buffer) => {
      if (!inFlight) {
        inFlight = true;
        sentOfRequest = 0;
        proxy.stats.requests++;
        fault = proxy.faults.shift() ?? { kind: 'pass' };
        if (proxy.down || fault.kind === 'refuse') {
          proxy.stats.refused++;
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      if (fault.kind === 'cutUpload') {
        const room = fault.afterBytes - sentOfRequest;
        if (chunk.length >= room) {
          const part = chunk.subarray(0, Math.max(0, room));
          proxy.stats.bytesUp += part.length;
          proxy.stats.cut++;
          upstream.write(part, () => {
            upstream.destroy();
            client.destroy();
          });
          return;
        }
      }
      sentOfRequest += chunk.length;
      proxy.stats.bytesUp += chunk.length;
      upstream.write(chunk);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (fault.kind === 'dropResponse') {
        // the server has committed and answered; the station never hears of it
        proxy.stats.dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (fault.kind === 'onAnswer') {
        const { hook, deliverFirst } = fault;
        fault = { kind: 'pass' };
        proxy.stats.dropped++;
        if (deliverFirst) client.write(chunk, () => (hook(), client.destroy(), upstream.destroy()));
        else {
          hook();
          client.destroy();
          upstream.destroy();
        }
        return;
      }
      inFlight = false;
      proxy.stats.bytesDown += chunk.length;
      client.write(chunk);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as net.AddressInfo;
  proxy.url = `http://127.0.0.1:${addr.port}`;
  return proxy;
}
