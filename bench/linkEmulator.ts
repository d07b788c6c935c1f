// A slow, lossy line between a station and the district, emulated by a TCP proxy (this kernel has no netem,
// and the benchmark must run unprivileged). Each direction is a link of its own: bytes leave in segments of
// one MSS, one after the other at the link's bandwidth (a queue: a segment waits for the one before it),
// and arrive half a round trip later, handed over in order. A new connection's first bytes leave one round
// trip late (SYN, SYN-ACK). A segment is lost with the given probability (seeded, so runs agree), and its
// bytes take the line again when resent. How the loss is recovered:
// - 'sack' (the default, as TCP with selective acknowledgements and fast retransmit does): the segments
//   behind the lost one keep leaving; the first of them is acknowledged with the gap, so the sender resends
//   a round trip after the lost segment left, ahead of any new data. A lost segment with nothing behind it
//   is resent by the tail-loss probe, two round trips after it left. The receiver hands nothing past the
//   gap to the application until the resend arrives (head-of-line blocking).
// - 'stall' (this emulator's earlier model, kept for comparison): after a loss the line sends nothing until
//   the resend, a round trip later — as if the congestion window had collapsed for a round trip.
// Not emulated: slow start (at 1 Mbit/s × 200 ms the window is 25 KB, ~17 segments, about the initial
// window of 10), the congestion window's cut after a loss (under 'sack' a sender here loses no rate), and a
// lost resend. So 'sack' is the kinder of the two; the true cost of a loss lies between them.
// The proxy also counts bytes, requests (a request is a run of client bytes after server bytes),
// connections and lost segments, and times each request's phases, so a run can be set beside the physical
// limit of what it carried as issue 14 defines it: bytes ÷ bandwidth + round trips × RTT (limitSeconds), or
// with each lost segment charged its bytes again and one round trip (limitWithLossSeconds).
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
  /** 'sack' (default): the sender goes on while a loss is recovered; 'stall': it waits for the resend. */
  recovery?: LossRecovery;
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
  /** When each request's phases happened (ms, performance.now()), in order: its first byte from the
   * client, its last byte delivered to the server, the answer's first byte from the server and its last
   * byte delivered to the client. */
  timeline: RequestTimes[];
  resetStats(): void;
  /** The physical limit of what was counted since the last reset, as issue 14 defines it: bytes ÷ bandwidth
   * + round trips × RTT (a request and its answer, and each new connection's handshake). */
  limitSeconds(): number;
  /** The same with each lost segment charged its bytes again and one round trip. */
  limitWithLossSeconds(): number;
  close(): Promise<void>;
}

export interface RequestTimes {
  clientFirst: number;
  upDelivered: number;
  serverFirst: number;
  downDelivered: number;
}

/** How a lost segment is recovered (see the top of this file). */
export type LossRecovery = 'sack' | 'stall';

interface Slot {
  seg: Buffer;
  /** When it reaches the other end (null: lost, its resend not yet on the line). */
  arrive: number | null;
}

/** One direction of the line: a FIFO at `bandwidth`, then `rtt/2` of flight, delivered in order. */
class Direction {
  #free = 0; // when the line is next free to send (ms, performance.now())
  #delivered = 0; // when the last segment handed over reached the other end
  readonly #slots: Slot[] = []; // sent, not yet handed over (in order)
  readonly #resends: Array<{ slot: Slot; detect: number; tail: boolean }> = [];
  #after: Array<() => void> = [];
  constructor(
    private readonly opts: Required<LinkOptions>,
    private readonly rng: () => number,
    private readonly onLost: (bytes: number) => void,
    private readonly deliver: (b: Buffer, at: number) => void,
    startAt: number,
  ) {
    this.#free = startAt;
  }
  #wire(bytes: number) {
    return (bytes * 8 * 1000) / this.opts.bandwidth;
  }
  /** Puts on the line the resends whose loss the sender has noticed by `at`. */
  #resendNoticed(at: number) {
    for (;;) {
      this.#resends.sort((a, b) => a.detect - b.detect);
      if (!this.#resends.length || this.#resends[0]!.detect > at) break;
      const { slot, detect } = this.#resends.shift()!;
      const depart = Math.max(this.#free, detect);
      this.#free = depart + this.#wire(slot.seg.length);
      slot.arrive = this.#free + this.opts.rttMs / 2;
    }
  }
  send(data: Buffer) {
    const { mss, rttMs, loss, recovery } = this.opts;
    for (let off = 0; off < data.length; off += mss) {
      const seg = Buffer.from(data.subarray(off, Math.min(off + mss, data.length)));
      const wire = this.#wire(seg.length);
      this.#resendNoticed(Math.max(performance.now(), this.#free));
      const depart = Math.max(performance.now(), this.#free);
      this.#free = depart + wire;
      // a segment behind a lost one: its acknowledgement tells the sender of the gap (fast retransmit)
      for (const r of this.#resends)
        if (r.tail) {
          r.tail = false;
          r.detect = Math.min(r.detect, depart + wire + rttMs);
        }
      const slot: Slot = { seg, arrive: depart + wire + rttMs / 2 };
      if (this.rng() < loss) {
        this.onLost(seg.length);
        if (recovery === 'stall') {
          // noticed a round trip later; nothing else leaves until the resend has
          const resend = Math.max(this.#free, depart + wire + rttMs);
          this.#free = resend + wire;
          slot.arrive = resend + wire + rttMs / 2;
        } else {
          // SACK: the segments behind it keep leaving, and the first of them tells the sender a round trip
          // later; with nothing behind it, the tail-loss probe does, two round trips after it left
          slot.arrive = null;
          this.#resends.push({ slot, detect: depart + wire + 2 * rttMs, tail: true });
        }
      }
      this.#slots.push(slot);
    }
    this.#schedule();
  }
  #timer: NodeJS.Timeout | null = null;
  /** Hands over what has arrived, in order, and wakes when a noticed loss goes on the line. */
  #schedule() {
    while (this.#slots.length && this.#slots[0]!.arrive !== null) {
      const slot = this.#slots.shift()!;
      const at = Math.max(slot.arrive!, this.#delivered); // in order: behind the one before it
      this.#delivered = at;
      this.#handOver({ at, seg: slot.seg });
    }
    if (this.#slots.length === 0) {
      const fns = this.#after;
      this.#after = [];
      for (const fn of fns) this.#handOver({ at: this.#delivered, fn });
    }
    if (this.#resends.length && !this.#timer) {
      const next = Math.min(...this.#resends.map((r) => r.detect));
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          this.#resendNoticed(performance.now());
          this.#schedule();
        },
        Math.max(0, next - performance.now()),
      );
    }
  }
  // What has arrived, in the order it must be handed over. One timer for the head of the queue: a timer per
  // segment could fire out of order when the event loop's clock lags (a busy process), and the program on
  // the other end would then read the bytes of the stream out of order.
  readonly #arrived: Array<{ at: number; seg?: Buffer; fn?: () => void }> = [];
  #handTimer: NodeJS.Timeout | null = null;
  #handOver(item: { at: number; seg?: Buffer; fn?: () => void }) {
    this.#arrived.push(item);
    this.#armHandOver();
  }
  #armHandOver() {
    if (this.#handTimer || !this.#arrived.length) return;
    this.#handTimer = setTimeout(
      () => {
        this.#handTimer = null;
        const now = performance.now();
        while (this.#arrived.length && this.#arrived[0]!.at <= now) {
          const item = this.#arrived.shift()!;
          if (item.seg) this.deliver(item.seg, now);
          else item.fn?.();
        }
        this.#armHandOver();
      },
      Math.max(0, this.#arrived[0]!.at - performance.now()),
    );
  }
  /** Runs `fn` once everything sent so far has arrived (a FIN travels behind the data). */
  after(fn: () => void) {
    this.#after.push(fn);
    this.#schedule();
  }
  close() {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#handTimer) clearTimeout(this.#handTimer);
  }
}

export async function startLinkEmulator(target: string, options: LinkOptions): Promise<LinkEmulator> {
  const opts: Required<LinkOptions> = { mss: 1460, seed: 2026, recovery: 'sack', ...options };
  const { hostname, port } = new URL(target);
  const rng = mulberry32(opts.seed);
  const sockets = new Set<net.Socket>();
  const directions = new Set<Direction>();
  const emu: LinkEmulator = {
    url: '',
    stats: { bytesUp: 0, bytesDown: 0, requests: 0, connections: 0, lost: 0, lostBytes: 0 },
    timeline: [],
    resetStats() {
      emu.timeline = [];
      emu.stats = { bytesUp: 0, bytesDown: 0, requests: 0, connections: 0, lost: 0, lostBytes: 0 };
    },
    limitSeconds() {
      const s = emu.stats;
      // a request and its answer: one round trip; a new connection: one more (the handshake)
      return (
        ((s.bytesUp + s.bytesDown) * 8) / opts.bandwidth + ((s.requests + s.connections) * opts.rttMs) / 1000
      );
    },
    limitWithLossSeconds() {
      const s = emu.stats;
      // and each lost segment: its bytes again and the round trip before the sender hears of it
      return emu.limitSeconds() + (s.lostBytes * 8) / opts.bandwidth + (s.lost * opts.rttMs) / 1000;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const d of directions) d.close();
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
    let answered = true; // the next client bytes start a request
    let times: RequestTimes | undefined;
    const up = new Direction(
      opts,
      rng,
      lost,
      (seg, at) => {
        if (times) times.upDelivered = at;
        upstream.write(seg);
      },
      now + opts.rttMs, // the handshake first
    );
    const down = new Direction(
      opts,
      rng,
      lost,
      (seg, at) => {
        if (times) times.downDelivered = at;
        client.write(seg);
      },
      now,
    );
    directions.add(up).add(down);
    client.on('data', (b: Buffer) => {
      emu.stats.bytesUp += b.length;
      if (answered) {
        emu.stats.requests++;
        times = { clientFirst: performance.now(), upDelivered: 0, serverFirst: 0, downDelivered: 0 };
        emu.timeline.push(times);
      }
      answered = false;
      up.send(b);
    });
    upstream.on('data', (b: Buffer) => {
      emu.stats.bytesDown += b.length;
      if (times && !times.serverFirst) times.serverFirst = performance.now();
      answered = true;
      down.send(b);
    });
    client.on('end', () => up.after(() => upstream.end()));
    upstream.on('end', () => down.after(() => client.end()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  emu.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return emu;
}
