// Static migration provider: a bundled Electron main cannot scan folders. Append new migrations here, in
// order, and give each its own test in tests/station/migrations.test.ts.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_core';
import * as m0002 from './0002_sync';
import * as m0003 from './0003_cards';
import * as m0004 from './0004_live_indexes';
import * as m0005 from './0005_sync_aside';
import * as m0006 from './0006_sync_epoch';
import * as m0007 from './0007_identity_holds';
import * as m0009 from './0009_ledgers';
import * as m0010 from './0010_matching';
import * as m0011 from './0011_lifecycle';
import * as m0012 from './0012_delivery';
import * as m0013 from './0013_lagged_snapshot';
import * as m0014 from './0014_contacts';
import * as m0015 from './0015_policy';
import * as m0016 from './0016_match_index';
import * as m0017 from './0017_fairs';
import * as m0018 from './0018_training';
import * as m0019 from './0019_report_facts';
import * as m0020 from './0020_fair_candidates';
import * as m0022 from './0022_report_order';
import * as m0023 from './0023_fair_vacancy_positions';
import * as m0024 from './0024_fair_cancel';
import * as m0025 from './0025_training_dropout';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_sync': m0002,
  '0003_cards': m0003,
  '0004_live_indexes': m0004,
  '0005_sync_aside': m0005,
  '0006_sync_epoch': m0006,
  '0007_identity_holds': m0007,
  '0009_ledgers': m0009,
  '0010_matching': m0010,
  '0011_lifecycle': m0011,
  '0012_delivery': m0012,
  '0013_lagged_snapshot': m0013,
  '0014_contacts': m0014,
  '0015_policy': m0015,
  '0016_match_index': m0016,
  '0017_fairs': m0017,
  '0018_training': m0018,
  '0019_report_facts': m0019,
  '0020_fair_candidates': m0020,
  '0022_report_order': m0022,
  '0023_fair_vacancy_positions': m0023,
  '0024_fair_cancel': m0024,
  '0025_training_dropout': m0025,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
