import type { Migration } from '../migrate';
import { contentTables } from './0010-content-tables';
import { sessionLog } from './0020-session-log';
import { adminAccess } from './0030-admin-access';
import { idleTimeoutSetting } from './0040-idle-timeout-setting';
import { signedPacks } from './0050-signed-packs';
import { outcomePack } from './0060-outcome-pack';
import { rollupDay } from './0070-rollup-day';
import { nightlyRestartSetting } from './0080-nightly-restart-setting';
import { exportPeriod } from './0090-export-period';

/** In order. A migration that has shipped is never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [contentTables, sessionLog, adminAccess, idleTimeoutSetting, signedPacks, outcomePack, rollupDay, nightlyRestartSetting, exportPeriod];
