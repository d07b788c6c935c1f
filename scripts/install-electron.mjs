// Electron's own postinstall downloads its binary from GitHub. Where that is out of reach (the community
// PCs' build machines, CI) the install must still succeed: try, and on failure say so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const installer = 'node_modules/electron/install.js';
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) process.exit(0);
const r = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
if (r.status !== 0) {
  console.log(
    'liuqing: Electron binary not downloaded (no access); `npm start` will run the headless station instead.',
  );
}
process.exit(0);
