/**
 * The one hand-written fake of the `electron` module (vite.config.ts aliases
 * `electron` here for unit tests; the real binary cannot be downloaded on our
 * build machines). It implements only what the shell uses, records every call,
 * and lets a test emit the events Electron would. Tests import the controls
 * (`fake`, the Fake* classes) from this file directly; code under test imports
 * `electron` and gets the same module instance.
 *
 * Call `resetFakeElectron()` in beforeEach: the exported singletons are
 * mutated in place, never replaced, because modules under test hold bindings.
 */

type Listener = (...args: any[]) => unknown;

/** Minimal EventEmitter with inspection, enough for on/once/emit. */
export class FakeEmitter {
  #listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  on(name: string, fn: Listener): this {
    this.#list(name).push({ fn, once: false });
    return this;
  }
  addListener(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  once(name: string, fn: Listener): this {
    this.#list(name).push({ fn, once: true });
    return this;
  }
  off(name: string, fn: Listener): this {
    this.#listeners.set(name, this.#list(name).filter((l) => l.fn !== fn));
    return this;
  }
  removeListener(name: string, fn: Listener): this {
    return this.off(name, fn);
  }
  listenerCount(name: string): number {
    return this.#list(name).length;
  }
  /** Calls the listeners like Node's EventEmitter; returns whether any ran. */
  emit(name: string, ...args: unknown[]): boolean {
    const listeners = [...this.#list(name)];
    this.#listeners.set(name, this.#list(name).filter((l) => !l.once));
    for (const l of listeners) l.fn(...args);
    return listeners.length > 0;
  }
  removeAllListeners(): void {
    this.#listeners.clear();
  }
  #list(name: string): { fn: Listener; once: boolean }[] {
    let list = this.#listeners.get(name);
    if (!list) {
      list = [];
      this.#listeners.set(name, list);
    }
    return list;
  }
}

/** What Electron passes as the first listener argument; records preventDefault. */
export class FakeEvent<T extends object = object> {
  defaultPrevented = false;
  constructor(fields?: T) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Builds an event carrying `fields` (e.g. `{ url }` for will-navigate). */
export function fakeEvent<T extends object>(fields?: T): FakeEvent<T> & T {
  return new FakeEvent(fields) as FakeEvent<T> & T;
}

let nextWebContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextWebContentsId++;
  destroyed = false;
  loadedUrls: string[] = [];
  /** Set to make the next loadURL reject. */
  failNextLoad: Error | undefined;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  visualZoomLimits: [number, number] | undefined;
  zoomLevel = 0;
  zoomLevelSets = 0;
  crashes = 0;
  /** True between a renderer crash and the next load. */
  crashed = false;
  reloads = 0;
  devToolsOpened: unknown[] = [];
  /** What getLastWebPreferences answers: the window's webPreferences, as Electron resolved them. */
  lastWebPreferences: Record<string, unknown> | null = null;

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.crashed = false;
    const failure = this.failNextLoad;
    this.failNextLoad = undefined;
    return failure ? Promise.reject(failure) : Promise.resolve();
  }
  getURL(): string {
    return this.loadedUrls.at(-1) ?? '';
  }
  reload(): void {
    this.reloads += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.visualZoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level;
    this.zoomLevelSets += 1;
  }
  forcefullyCrashRenderer(): void {
    this.crashes += 1;
    this.crashed = true;
  }
  isCrashed(): boolean {
    return this.crashed;
  }
  openDevTools(options?: unknown): void {
    this.devToolsOpened.push(options);
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpened.length > 0;
  }
  getZoomLevel(): number {
    return this.zoomLevel;
  }
  getLastWebPreferences(): Record<string, unknown> | null {
    return this.lastWebPreferences;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  shown = false;
  focused = false;
  minimized = false;
  destroyed = false;
  /** Live window state, from the options like Electron's; a test may change them. */
  kiosk: boolean;
  fullScreen: boolean;
  menuBarVisible: boolean;

  constructor(readonly options: Record<string, any> = {}) {
    super();
    FakeBrowserWindow.instances.push(this);
    this.kiosk = options.kiosk === true;
    this.fullScreen = options.fullscreen === true || this.kiosk;
    this.menuBarVisible = options.autoHideMenuBar !== true && options.frame !== false;
    this.webContents.lastWebPreferences = { ...(options.webPreferences ?? {}) };
    // Electron announces every new WebContents on app; the shell locks navigation there.
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  isMenuBarVisible(): boolean {
    return this.menuBarVisible;
  }
}
export const BrowserWindow = FakeBrowserWindow;

class FakeApp extends FakeEmitter {
  isPackaged = false;
  /** What requestSingleInstanceLock returns: false plays the second instance. */
  singleInstanceLock = true;
  /** Whether this instance holds the lock (set by requestSingleInstanceLock). */
  singleInstanceLockHeld = false;
  quitCalls = 0;
  relaunchCalls = 0;
  exitCodes: number[] = [];
  sandboxEnabled = false;
  switches: [string, string | undefined][] = [];
  paths: Record<string, string> = { userData: '/nonexistent/userData', exe: '/opt/help-kiosk/help-kiosk', temp: '/tmp' };
  appPath = '/nonexistent/app';
  /** Switches the process was started with (name without `--` → value; '' for a bare switch), e.g. `{ 'js-flags': '--max-semi-space-size=1' }`. */
  startupSwitches: Record<string, string> = {};
  readonly commandLine = {
    appendSwitch: (name: string, value?: string): void => {
      this.switches.push([name, value]);
    },
    /** Like Chromium's: the last appended value, else the start-up one, else ''. */
    getSwitchValue: (name: string): string => {
      const appended = this.switches.filter(([n]) => n === name).at(-1);
      return appended ? (appended[1] ?? '') : (this.startupSwitches[name] ?? '');
    },
    hasSwitch: (name: string): boolean => this.switches.some(([n]) => n === name) || name in this.startupSwitches,
  };

  requestSingleInstanceLock(): boolean {
    this.singleInstanceLockHeld = this.singleInstanceLock;
    return this.singleInstanceLock;
  }
  hasSingleInstanceLock(): boolean {
    return this.singleInstanceLockHeld;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  relaunch(): void {
    this.relaunchCalls += 1;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    // From here on Chromium's scheme table is fixed, as in Electron.
    protocol.readyReached = true;
    return Promise.resolve();
  }
  getPath(name: string): string {
    const value = this.paths[name];
    if (value === undefined) throw new Error(`fake app.getPath: no path for ${name}`);
    return value;
  }
  getAppPath(): string {
    return this.appPath;
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.singleInstanceLock = true;
    this.singleInstanceLockHeld = false;
    this.quitCalls = 0;
    this.relaunchCalls = 0;
    this.exitCodes = [];
    this.sandboxEnabled = false;
    this.switches = [];
    this.startupSwitches = {};
    this.paths = { userData: '/nonexistent/userData', exe: '/opt/help-kiosk/help-kiosk', temp: '/tmp' };
    this.appPath = '/nonexistent/app';
  }
}
export const app = new FakeApp();

/** The event ipcMain handlers receive; `senderFrame` is what the shell checks. */
export function fakeInvokeEvent(frameUrl: string | null): { senderFrame: { url: string } | null; sender: FakeWebContents } {
  return { senderFrame: frameUrl === null ? null : { url: frameUrl }, sender: new FakeWebContents() };
}

class FakeIpcMain extends FakeEmitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener): void {
    // Electron throws on a second handler for a channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Plays a renderer's ipcRenderer.invoke arriving in main. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
  reset(): void {
    this.removeAllListeners();
    this.handlers.clear();
  }
}
export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends FakeEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  sends: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return Promise.resolve({ ok: true, value: { channel } });
  }
  send(channel: string, ...args: unknown[]): void {
    this.sends.push({ channel, args });
  }
  reset(): void {
    this.removeAllListeners();
    this.invocations.length = 0;
    this.sends = [];
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    // Electron refuses to expose the same key twice.
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  },
  reset(): void {
    this.exposed.clear();
  },
};

export const protocol = {
  privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  /** Set by the shell's start-up: true once app 'ready' was reached. */
  readyReached: false,
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    // Electron only honours this before ready.
    if (this.readyReached) throw new Error('registerSchemesAsPrivileged must be called before app ready');
    this.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    this.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  },
  reset(): void {
    this.privilegedSchemes = [];
    this.handlers.clear();
    this.readyReached = false;
  },
};

type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession extends FakeEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  beforeRequest: { filter: unknown; listener: BeforeRequestListener } | undefined;
  readonly webRequest = {
    onBeforeRequest: (filterOrListener: unknown, maybeListener?: BeforeRequestListener): void => {
      if (typeof filterOrListener === 'function') this.beforeRequest = { filter: undefined, listener: filterOrListener as BeforeRequestListener };
      else this.beforeRequest = { filter: filterOrListener, listener: maybeListener as BeforeRequestListener };
    },
  };
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null): void {
    this.devicePermissionHandler = handler;
  }
  /** Electron's defaults: on, with the OS locale's dictionary. */
  spellCheckerEnabled = true;
  spellCheckerLanguages: string[] = ['en-US'];
  setSpellCheckerEnabled(enable: boolean): void {
    this.spellCheckerEnabled = enable;
  }
  setSpellCheckerLanguages(languages: string[]): void {
    this.spellCheckerLanguages = [...languages];
  }
  /** Plays a request through the onBeforeRequest listener; true when it was cancelled. */
  requestIsCancelled(url: string): boolean {
    if (!this.beforeRequest) return false;
    let answer: { cancel?: boolean } | undefined;
    this.beforeRequest.listener({ url }, (response) => {
      answer = response;
    });
    if (!answer) throw new Error(`onBeforeRequest never called back for ${url}`);
    return answer.cancel === true;
  }
  reset(): void {
    this.removeAllListeners();
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
    this.devicePermissionHandler = null;
    this.beforeRequest = undefined;
    this.spellCheckerEnabled = true;
    this.spellCheckerLanguages = ['en-US'];
  }
}
export const session = { defaultSession: new FakeSession() };

export const Menu = {
  applicationMenuSets: [] as unknown[],
  setApplicationMenu(menu: unknown): void {
    this.applicationMenuSets.push(menu);
  },
  reset(): void {
    this.applicationMenuSets = [];
  },
};

export const net = {
  fetchCalls: [] as string[],
  fetch(url: string): Promise<Response> {
    this.fetchCalls.push(url);
    // The kiosk never goes to the network; a test that reaches here has found a bug.
    return Promise.reject(new Error(`fake net.fetch: no network (${url})`));
  },
  reset(): void {
    this.fetchCalls = [];
  },
};

export const webContents = {
  getAllWebContents(): FakeWebContents[] {
    return FakeBrowserWindow.instances.map((w) => w.webContents);
  },
};

/** The native file dialogs: the kiosk opens none (its admin pages list USB drives); a call is recorded, and answers "cancelled". */
class FakeDialog {
  calls: { parent: unknown; options: unknown }[] = [];
  async showOpenDialog(parentOrOptions: unknown, maybeOptions?: unknown): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.calls.push(maybeOptions === undefined ? { parent: null, options: parentOrOptions } : { parent: parentOrOptions, options: maybeOptions });
    return { canceled: true, filePaths: [] };
  }
  reset(): void {
    this.calls = [];
  }
}
export const dialog = new FakeDialog();

export function resetFakeElectron(): void {
  dialog.reset();
  app.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  contextBridge.reset();
  protocol.reset();
  session.defaultSession.reset();
  Menu.reset();
  net.reset();
  FakeBrowserWindow.instances = [];
}

export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, protocol, session, Menu, net, webContents, dialog };
