import type { Migration } from '../migrate';

/** The idle timeout joins the admin's settings (issue 4: default 90 s). */
export const idleTimeoutSetting: Migration = {
  version: 40,
  name: '0040-idle-timeout-setting',
  up(db) {
    db.prepare("INSERT INTO setting (key, value) VALUES ('idle_timeout_seconds', '90')").run();
  },
};
