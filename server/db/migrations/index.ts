// Static migration list: a bundled server cannot scan a folder, and order must not depend on file names.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_server';
import * as m0002 from './0002_uniques';
import * as m0003 from './0003_epoch';
import * as m0004 from './0004_identity_holds';
import * as m0005 from './0005_matching';
import * as m0006 from './0006_console';
import * as m0007 from './0007_delivery';
import * as m0008 from './0008_lean_sync';
import * as m0009 from './0009_subsidy_claims';
import * as m0012 from './0012_training';
import * as m0011 from './0011_fairs';
import * as m0013 from './0013_console_fleet';
import * as m0015 from './0015_row_layouts';
import * as m0016 from './0016_report_order';
import * as m0017 from './0017_report_left_on';
import * as m0022 from './0022_store_vacuum';

const MIGRATIONS: Record<string, Migration> = {
  '0001_server': m0001,
  '0002_uniques': m0002,
  '0003_epoch': m0003,
  '0004_identity_holds': m0004,
  '0005_matching': m0005,
  '0006_console': m0006,
  '0007_delivery': m0007,
  '0008_lean_sync': m0008,
  '0009_subsidy_claims': m0009,
  '0011_fairs': m0011,
  '0012_training': m0012,
  '0013_console_fleet': m0013,
  '0015_row_layouts': m0015,
  '0016_report_order': m0016,
  '0017_report_left_on': m0017,
  '0022_store_vacuum': m0022,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
