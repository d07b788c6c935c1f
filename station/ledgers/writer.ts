// The connection an import batch writes through. A batch commits whole or not at all, so it is one
// transaction; on the station's own connection that transaction would hold the connection's mutex for the
// whole import and every other call — the progress bar's included — would queue behind it. A second
// connection to the same file keeps the desk reading (WAL lets readers run beside the writer) while the
// batch writes; other writes wait for SQLite's lock (busy timeout) like any second writer.
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../db/open';
import type { StationDB } from '../db/schema';

export const STATION_FILE = 'station.sqlite';

export function openWriter(dataDir: string): Kysely<StationDB> {
  return new Kysely<StationDB>({
    dialect: new Sqlite3Dialect({
      filename: join(dataDir, STATION_FILE),
      onOpen: PRAGMAS,
      busyTimeoutMs: 30_000,
    }),
  });
}
