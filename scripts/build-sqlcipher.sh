#!/usr/bin/env bash
# Builds `@journeyapps/sqlcipher` (node-sqlite3's API over SQLCipher 4 / SQLite 3.51, OpenSSL's libcrypto)
# from source into .cache/sqlcipher/, for `npm run bench -- --only cipher`: the cost of encrypting the
# station at rest. No prebuilt binary is reachable from here; the build takes 3–8 minutes on 2 cores.
# (Debian's libsqlcipher is SQLCipher 3.4.1 on SQLite 3.15: too old for the station's schema.)
# The app itself keeps the plain prebuilt sqlite3 until a SQLCipher build exists for Windows + Electron.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -f /usr/include/openssl/evp.h ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev >/dev/null
fi
mkdir -p .cache/sqlcipher
cd .cache/sqlcipher
[ -f package.json ] || echo '{ "name": "liuqing-sqlcipher-build", "private": true }' > package.json
npm_config_build_from_source=true npm install --no-audit --no-fund --no-save @journeyapps/sqlcipher@6.0.0 >/dev/null
node -e "
const s = require('@journeyapps/sqlcipher');
const db = new s.Database(':memory:');
db.get('pragma cipher_version', (e, r) => {
  if (e || !r || !r.cipher_version) { console.error('built, but without SQLCipher'); process.exit(1); }
  console.log('SQLCipher ' + r.cipher_version + ' in .cache/sqlcipher');
});"
