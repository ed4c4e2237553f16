import type { Migration } from '../migrate';

/** The optional nightly restart window (issue 4) joins the admin's settings: off (-1) until the admin picks an hour. */
export const nightlyRestartSetting: Migration = {
  version: 80,
  name: '0080-nightly-restart-setting',
  up(db) {
    db.prepare("INSERT INTO setting (key, value) VALUES ('nightly_restart_hour', '-1')").run();
  },
};
