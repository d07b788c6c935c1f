// A slow, lossy line between a station and the district, emulated by a TCP proxy (this kernel has no netem,
// and the benchmark must run unprivileged). Each direction is a link of its own: bytes leave in segments of
// one MSS, one after the other at the link's bandwidth (a queue: a segment waits for the one before it),
// and arrive half a round trip later. A segment is lost with the given probability (seeded, so runs agree);
// TCP then resends it after a round trip (fast retransmit), costing the bandwidth again, and delivery stays
// in order (the segments behind it wait: head-of-line blocking, as in TCP). A new connection's first bytes
// leave one round trip late (SYN, SYN-ACK). Not emulated: slow start (at 1 Mbit/s × 200 ms the window is
// 25 KB, ~17 segments, about the initial window of 10) and timeouts after a lost retransmission.
// The proxy also counts bytes, requests (a request is a run of client bytes after server bytes),
// connections and lost segments, so a run can be set beside the physical limit of what it carried: bytes ÷
// bandwidth + round trips × RTT, where a lost segment counts as what this line makes it cost and no protocol
// above it can avoid: its bytes sent again, and the round trip the line waits before sending them.
import net from 'node:net';
import { mulberry32 } from '../tests/factories/people';

export interface LinkOptions {
  /** Bits per second, each direction. */
  bandwidth: number;
  /** Round-trip time in ms. */
  rttMs: number;
  /** Probability that a segment is lost (and resent a round trip later). */
  loss: number;
  /** Bytes per segment. */
  mss?: number;
  seed?: number;
}

export interface LinkEmulator {
  url: string;
  stats: {
    bytesUp: number;
    bytesDown: number;
    requests: number;
    connections: number;
    /** Segments lost (each resent a round trip later), and their bytes. */
    lost: number;
    lostBytes: number;
  };
  resetStats(): void;
  /** The physical limit of what was counted since the last reset: bytes ÷ bandwidth + round trips × RTT
   * (a lost segment: its bytes again and one round trip). */
  limitSeconds(): number;
  close(): Promise<void>;
}

/** One direction of the line: a FIFO at `bandwidth`, then `rtt/2` of flight. */
class Direction {
  #free = 0; // when the line is next free to send (ms, performance.now())
  #lastArrival = 0;
  constructor(
    private readonly opts: Required<LinkOptions>,
    private readonly rng: () => number,
    private readonly onLost: (bytes: number) => void,
    startAt: number,
  ) {
    this.#free = startAt;
  }
  send(data: Buffer, deliver: (b: Buffer) => void) {
    const { mss, bandwidth, rttMs, loss } = this.opts;
    for (let off = 0; off < data.length; off += mss) {
      const seg = data.subarray(off, Math.min(off + mss, data.length));
      const wire = (seg.length * 8 * 1000) / bandwidth; // ms on the line
      const depart = Math.max(performance.now(), this.#free);
      this.#free = depart + wire;
      let arrive = depart + wire + rttMs / 2;
      if (this.rng() < loss) {
        this.onLost(seg.length);
        // the loss is noticed a round trip later; the resend takes the line again
        const resend = Math.max(this.#free, depart + wire + rttMs);
        this.#free = resend + wire;
        arrive = resend + wire + rttMs / 2;
      }
      arrive = Math.max(arrive, this.#lastArrival); // in order
      this.#lastArrival = arrive;
      const copy = Buffer.from(seg);
      setTimeout(() => deliver(copy), Math.max(0, arrive - performance.now()));
    }
  }
  /** Runs `fn` once everything sent so far has arrived (a FIN travels behind the data). */
  after(fn: () => void) {
    setTimeout(fn, Math.max(0, this.#lastArrival - performance.now()));
  }
}

export async function startLinkEmulator(target: string, options: LinkOptions): Promise<LinkEmulator> {
  const opts: Required<LinkOptions> = { mss: 1460, seed: 2026, ...options };
  const { hostname, port } = new URL(target);
  const rng = mulberry32(opts.seed);
  const sockets = new Set<net.Socket>();
  const emu: LinkEmulator = {
    url: '',
    stats: { bytesUp: 0, bytesDown: 0, requests: 0, connections: 0, lost: 0, lostBytes: 0 },
    resetStats() {
      emu.stats = { bytesUp: 0, bytesDown: 0, requests: 0, connections: 0, lost: 0, lostBytes: 0 };
    },
    limitSeconds() {
      const s = emu.stats;
      const bytes = s.bytesUp + s.bytesDown + s.lostBytes;
      // a request and its answer: one round trip; a new connection: one more (the handshake); a lost
      // segment: one more (the line sends nothing behind it until it is resent, a round trip later)
      return (bytes * 8) / opts.bandwidth + ((s.requests + s.connections + s.lost) * opts.rttMs) / 1000;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((client) => {
    emu.stats.connections++;
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const now = performance.now();
    const lost = (bytes: number) => {
      emu.stats.lost++;
      emu.stats.lostBytes += bytes;
    };
    const up = new Direction(opts, rng, lost, now + opts.rttMs); // the handshake first
    const down = new Direction(opts, rng, lost, now);
    let answered = true; // the next client bytes start a request
    client.on('data', (b: Buffer) => {
      emu.stats.bytesUp += b.length;
      if (answered) emu.stats.requests++;
      answered = false;
      up.send(b, (seg) => upstream.write(seg));
    });
    upstream.on('data', (b: Buffer) => {
      emu.stats.bytesDown += b.length;
      answered = true;
      down.send(b, (seg) => client.write(seg));
    });
    client.on('end', () => up.after(() => upstream.end()));
    upstream.on('end', () => down.after(() => client.end()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  emu.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return emu;
}
