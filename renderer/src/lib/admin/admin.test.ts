import { describe, expect, it } from 'vitest';
import type { ApiArgs, ApiResult, DashboardView, KioskSettings } from '../../../../electron/api';
import { fakeContent } from '../test/fake-content';
import { fakeKiosk } from '../test/fake-kiosk';
import { adminCall } from './admin-call';
import { sessionsPerDay, stepFunnel, topCauses, wrapLabel } from './chart-specs';
import { DashboardState } from './dashboard.svelte';
import { ExportState } from './export.svelte';
import { UsbDrivesState, formatBytes } from './usb-drives.svelte';
import { SettingsForm, STEPPERS, stepValue } from './settings-form.svelte';

const TOKEN = 'a'.repeat(64);

/** A guard that records what it saw, like KioskMode.guard. */
function guarded() {
  const expired: string[] = [];
  const call = adminCall(
    {
      guard: (r) => {
        if (!r.ok && r.error.code === 'unauthorized') expired.push(r.error.message);
        return r;
      },
    },
    TOKEN,
  );
  return { call, expired };
}

const TEXT = { resolved: 'Solved', notResolved: 'Not solved', sessions: 'Sessions', viewed: 'Viewed', done: 'Done', helped: 'Helped' };

function dashboard(): DashboardView {
  return {
    period: { from: '2030-01-01', to: '2030-01-03' },
    days: [
      { day: '2030-01-01', sessions: 4, resolved: 3 },
      { day: '2030-01-02', sessions: 0, resolved: 0 },
      { day: '2030-01-03', sessions: 2, resolved: 0 },
    ],
    totals: {
      sessions: 6,
      assisted: 1,
      resolved: 3,
      escalated_counter: 2,
      escalated_issuer: 0,
      escalated_hotline: 0,
      retry_later: 0,
      abandoned: 1,
      timeout: 0,
    },
    resolutionRate: 0.5,
    counterShare: 1 / 3,
    topCauses: [{ causeId: 'net', title: 'Weak or unstable internet connection', sessions: 4, resolved: 3 }],
    stepDropOff: [
      {
        causeId: 'net',
        title: 'Weak',
        steps: [
          { stepId: 's1', title: 'Switch to Wi-Fi', viewed: 4, done: 3, helped: 3 },
          { stepId: 's2', title: 'Restart', viewed: 3, done: 1, helped: 1 },
        ],
      },
    ],
  };
}

describe('admin calls', () => {
  it('carry the token, and an unauthorized answer goes through the guard', async () => {
    const fake = fakeKiosk(fakeContent, {
      getSettings: async () => ({ ok: false, error: { code: 'unauthorized', message: 'expired', details: [] } }),
    });
    const { call, expired } = guarded();
    const form = new SettingsForm(fake.client, call);
    await form.load();
    expect(fake.callsTo('getSettings').map((c) => c.arg)).toEqual([{ token: TOKEN }]);
    expect(expired).toEqual(['expired']);
    expect(form.status).toEqual({ kind: 'load_failed', message: 'expired' });
  });
});

describe('settings form', () => {
  it('steps on a grid within the contract’s range', () => {
    expect(stepValue(90, 1, STEPPERS.idleTimeoutSeconds)).toBe(105);
    expect(stepValue(100, 1, STEPPERS.idleTimeoutSeconds)).toBe(105);
    expect(stepValue(100, -1, STEPPERS.idleTimeoutSeconds)).toBe(90);
    expect(stepValue(30, -1, STEPPERS.idleTimeoutSeconds)).toBe(30);
    expect(stepValue(600, 1, STEPPERS.idleTimeoutSeconds)).toBe(600);
    expect(stepValue(5, -1, STEPPERS.statsK)).toBe(5);
    expect(stepValue(30, -1, STEPPERS.retentionDays)).toBe(1);
    expect(stepValue(1, 1, STEPPERS.retentionDays)).toBe(30);
    // The restart hour: off (-1), then 00:00 … 23:00.
    expect(stepValue(-1, 1, STEPPERS.nightlyRestartHour)).toBe(0);
    expect(stepValue(0, -1, STEPPERS.nightlyRestartHour)).toBe(-1);
    expect(stepValue(-1, -1, STEPPERS.nightlyRestartHour)).toBe(-1);
    expect(stepValue(23, 1, STEPPERS.nightlyRestartHour)).toBe(23);
  });

  it('saves only what changed, the pseudonym typed on the keypad', async () => {
    const sent: ApiArgs['updateSettings'][] = [];
    const fake = fakeKiosk(fakeContent, {
      updateSettings: async (arg): Promise<ApiResult<KioskSettings>> => {
        sent.push(arg);
        return { ok: true, value: { idleTimeoutSeconds: 90, statsK: 6, retentionDays: 90, kioskPseudonym: 'BR-7', nightlyRestartHour: -1 } };
      },
    });
    const form = new SettingsForm(fake.client, guarded().call);
    await form.load();
    expect(form.draft?.kioskPseudonym).toBe('');
    form.step('statsK', 1);
    for (const k of ['B', 'R', '-', '7', 'x', ' ']) form.type(k);
    expect(form.draft?.kioskPseudonym).toBe('BR-7');
    await form.save();
    expect(sent).toEqual([{ token: TOKEN, settings: { statsK: 6, kioskPseudonym: 'BR-7' } }]);
    expect(form.status).toEqual({ kind: 'saved' });
    expect(form.changes).toEqual({});
  });

  it('the pseudonym stops at 32 characters; delete removes the last', async () => {
    const form = new SettingsForm(fakeKiosk(fakeContent).client, guarded().call);
    await form.load();
    for (let i = 0; i < 40; i++) form.type('A');
    expect(form.draft?.kioskPseudonym).toHaveLength(32);
    form.deleteChar();
    expect(form.draft?.kioskPseudonym).toHaveLength(31);
  });

  it('shows the kiosk’s validation errors, with their details', async () => {
    const fake = fakeKiosk(fakeContent, {
      updateSettings: async () => ({
        ok: false,
        error: { code: 'invalid_argument', message: 'Invalid argument for updateSettings.', details: ['settings.statsK: too small'] },
      }),
    });
    const form = new SettingsForm(fake.client, guarded().call);
    await form.load();
    form.step('idleTimeoutSeconds', 1);
    await form.save();
    expect(form.status).toEqual({ kind: 'save_failed', message: 'Invalid argument for updateSettings.', details: ['settings.statsK: too small'] });
  });

  it('nothing changed: nothing sent', async () => {
    const fake = fakeKiosk(fakeContent);
    const form = new SettingsForm(fake.client, guarded().call);
    await form.load();
    await form.save();
    expect(form.status).toEqual({ kind: 'unchanged' });
    expect(fake.callsTo('updateSettings')).toEqual([]);
  });
});

describe('export', () => {
  it('exports to the drive the admin tapped; a result and an error are shown as they are', async () => {
    let answer: ApiResult<unknown> = { ok: true, value: null };
    const fake = fakeKiosk(fakeContent, { exportStats: async () => answer as never });
    const exporter = new ExportState(fake.client, guarded().call);
    const result = { folder: '/media/kiosk/USB/help-kiosk-export-2030-01-31', files: [{ name: 'outcomes.csv', rows: 12 }], period: { from: '2030-01-01', to: '2030-01-31' }, k: 5 };
    answer = { ok: true, value: result };
    await exporter.run('/media/kiosk/USB', 'USB');
    expect(fake.callsTo('exportStats')[0]?.arg).toEqual({ token: TOKEN, drive: '/media/kiosk/USB', from: null, to: null });
    expect(exporter.status).toEqual({ kind: 'done', result });

    answer = { ok: false, error: { code: 'export_failed', message: 'USB stick is read-only', details: [] } };
    await exporter.run('/media/kiosk/USB', 'USB');
    expect(exporter.status).toEqual({ kind: 'failed', code: 'export_failed', message: 'USB stick is read-only' });
  });

  it('says which drive it is writing to, and a second tap meanwhile starts nothing', async () => {
    let finish!: (r: ApiResult<unknown>) => void;
    const fake = fakeKiosk(fakeContent, { exportStats: () => new Promise((resolve) => (finish = resolve as never)) as never });
    const exporter = new ExportState(fake.client, guarded().call);
    const first = exporter.run('E:\\', 'E:');
    expect(exporter.status).toEqual({ kind: 'busy', drive: 'E:' });
    await exporter.run('F:\\', 'F:');
    expect(fake.callsTo('exportStats')).toHaveLength(1);
    finish({ ok: false, error: { code: 'drive_gone', message: 'The USB drive E:\\ is not connected any more.', details: [] } });
    await first;
    expect(exporter.status).toMatchObject({ kind: 'failed', code: 'drive_gone' });
  });
});

describe('USB drives', () => {
  it('are listed with the admin token, again on request, and a failure says why', async () => {
    const drive = { path: '/media/kiosk/USB', label: 'USB', freeBytes: 12_300_000_000, packFiles: ['card-binding.json'], morePackFiles: 0 };
    let answer: ApiResult<unknown> = { ok: true, value: [drive] };
    const fake = fakeKiosk(fakeContent, { listUsbDrives: async () => answer as never });
    const drives = new UsbDrivesState(fake.client, guarded().call);
    expect(drives.status).toEqual({ kind: 'loading' });
    await drives.refresh();
    expect(drives.drives).toEqual([drive]);
    expect(fake.callsTo('listUsbDrives').map((c) => c.arg)).toEqual([{ token: TOKEN }]);
    answer = { ok: false, error: { code: 'internal', message: 'listUsbDrives failed: EIO', details: [] } };
    await drives.refresh();
    expect(drives.status).toEqual({ kind: 'failed', message: 'listUsbDrives failed: EIO' });
    expect(drives.drives).toEqual([]);
  });

  it('show free space in the units drives are sold in, in the admin language', () => {
    expect(formatBytes(12_345_678_901, 'en')).toBe('12.3 GB');
    expect(formatBytes(987_654_321, 'zh-Hans')).toBe('988 MB');
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(2_000_000_000_000, 'zh-Hant')).toBe('2.0 TB');
  });
});

describe('dashboard', () => {
  it('loads the chosen range in the staff’s language, dropping answers to older requests', async () => {
    const answers: ((r: ApiResult<DashboardView>) => void)[] = [];
    const fake = fakeKiosk(fakeContent, { getDashboard: () => new Promise((resolve) => answers.push(resolve)) });
    const state = new DashboardState(fake.client, guarded().call);
    const first = state.load('zh-Hant', 7);
    const second = state.load('zh-Hant', 30);
    answers[1]?.({ ok: true, value: { ...dashboard(), period: { from: 'new', to: 'new' } } });
    answers[0]?.({ ok: true, value: { ...dashboard(), period: { from: 'old', to: 'old' } } });
    await Promise.all([first, second]);
    expect(fake.callsTo('getDashboard').map((c) => c.arg)).toEqual([
      { token: TOKEN, locale: 'zh-Hant', days: 7 },
      { token: TOKEN, locale: 'zh-Hant', days: 30 },
    ]);
    expect(state.days).toBe(30);
    expect(state.status.kind === 'ready' && state.status.view.period.from).toBe('new');
  });

  it('charts: sessions per day stack solved under not solved; causes and steps are sideways bars', () => {
    const view = dashboard();
    const days = sessionsPerDay(view, TEXT, 'en');
    expect(days.stacked).toBe(true);
    expect(days.series.map((s) => [...s.data])).toEqual([
      [3, 0, 0],
      [1, 0, 2],
    ]);
    const causes = topCauses(view, TEXT);
    expect(causes.horizontal).toBe(true);
    expect(causes.labels).toEqual([['Weak or unstable internet', 'connection']]);
    const steps = stepFunnel(view.stepDropOff[0]!, TEXT);
    expect(steps.series.map((s) => s.label)).toEqual(['Viewed', 'Done', 'Helped']);
    expect(steps.series.map((s) => [...s.data])).toEqual([
      [4, 3],
      [3, 1],
      [3, 1],
    ]);
  });

  it('wraps long titles: at spaces in English, anywhere in Chinese (two units a character)', () => {
    expect(wrapLabel('short', 30)).toEqual(['short']);
    expect(wrapLabel('卡号或信息填错了，请核对后重新输入', 16)).toEqual(['卡号或信息填错了', '，请核对后重新输', '入']);
  });
});
