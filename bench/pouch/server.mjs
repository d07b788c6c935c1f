// The CouchDB-compatible peer of bench/pouch.ts: express-pouchdb over PouchDB 9 with its leveldb adapter on
// disk (CouchDB itself cannot be installed here), in a process of its own as the district server is.
// `node bench/pouch/server.mjs <dataDir>`: listens on a free port of 127.0.0.1 and prints `listening <port>`.
// express-pouchdb's 'minimumForPouchDB' mode: the routes PouchDB's replication uses, responses gzip'd when
// the client asks (as express-pouchdb serves them); no config file, no log file.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const express = require('express');
const PouchDB = require('pouchdb');
const expressPouchDB = require('express-pouchdb');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/pouch/server.mjs <dataDir>');
  process.exit(2);
}
const DiskPouch = PouchDB.defaults({ prefix: dir.endsWith('/') ? dir : `${dir}/` });
const app = express();
app.use('/', expressPouchDB(DiskPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
