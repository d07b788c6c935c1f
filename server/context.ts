// What every server operation receives: the store and the clock (injected so tests can move time).
import type { Store } from './db/open';

export interface ServerContext {
  store: Store;
  now: () => Date;
  /** Log entries older than this are treated as gone: a station behind them must take a snapshot. */
  retentionMs: number | undefined;
  /** Where published installers are kept (server/delivery/releases.ts); undefined: no updates served. */
  releasesDir?: string | undefined;
}
