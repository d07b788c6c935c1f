// `npm run station -- --data <dir> --port <port>`: the headless station, serving the built renderer and
// the contract on 127.0.0.1. `npm run station -- import …`: a ledger import from the command line
// (station/ledgers/cli.ts). The station holds its data folder's lock while it runs, so an import cannot
// write into a folder a running station holds.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Station } from './station';
import { startHttpHost } from './http';
import { startBackgroundSync } from './sync/scheduler';
import { runImportCli } from './ledgers/cli';
import { DataFolderBusy, holdDataFolder } from './ledgers/lock';

if (process.argv[2] === 'import') {
  process.exit(await runImportCli(process.argv.slice(3)));
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/station' },
    port: { type: 'string', default: '5730' },
    // sync only when asked (同步 page, sync.now): tests that replay a seed need no timer of their own
    'manual-sync': { type: 'boolean', default: false },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, '..', 'dist', 'renderer');
const dataDir = resolve(values.data!);
let release: () => void;
try {
  release = holdDataFolder(dataDir, '工作站');
} catch (e) {
  if (!(e instanceof DataFolderBusy)) throw e;
  console.error(`liuqing: ${e.message}`);
  process.exit(3);
}
const station = await Station.open({ dataDir });
if (!existsSync(join(staticDir, 'index.html')))
  console.log('liuqing: renderer not built yet (run `npm run build:renderer`); serving the API only.');
const { app, url } = await startHttpHost({ station, staticDir, port: Number(values.port) });
// syncs with the district in the background once an admin has enrolled this PC (同步 page)
const background = values['manual-sync'] ? { stop() {} } : startBackgroundSync(station);
console.log(`liuqing station: ${url}  (data: ${dataDir})`);

const stop = async () => {
  background.stop();
  await app.close();
  await station.close();
  release();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
