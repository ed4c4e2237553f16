/**
 * The only door from the page to the kiosk: window.kiosk, one function per API
 * method, nothing else. ipcRenderer itself never crosses the bridge, or the page
 * could send on any channel.
 * https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations
 *
 * Sandboxed preloads cannot require local files, so scripts/build-preload.mjs
 * bundles this file (and api-methods.ts, no zod) into out/electron/preload.js.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, channelFor, type ApiMethod } from './api-methods';
import type { KioskApi } from './api';

function bridgeMethod(method: ApiMethod): (arg: unknown) => Promise<unknown> {
  const channel = channelFor(method);
  // One argument only: extra arguments from the page are dropped, not forwarded.
  return function callKiosk(arg: unknown): Promise<unknown> {
    return ipcRenderer.invoke(channel, arg);
  };
}

const kiosk = Object.freeze(Object.fromEntries(API_METHODS.map((method) => [method, bridgeMethod(method)]))) as KioskApi;

contextBridge.exposeInMainWorld('kiosk', kiosk);
