/**
 * One ipcMain.handle per API method, from the same table the preload uses.
 * Every call is checked against the sender frame's origin first: if anything
 * other than our own page ever ran in a frame (a bug, a navigation the lock
 * missed), it still gets no answer from the core.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelFor, type ApiMethod } from './api-methods';
import type { ApiResult } from './api';
import { isAppUrl } from './app-origin';
import { handleCall, type HandlerContext } from './handlers';

export type CallHandler = (ctx: HandlerContext, method: string, arg: unknown) => Promise<ApiResult<unknown>>;

/** Registers every method; returns a function that removes them again. */
export function registerIpc(ctx: HandlerContext, call: CallHandler = handleCall): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelFor(method), createIpcHandler(ctx, method, call));
  }
  return function unregisterIpc(): void {
    for (const method of API_METHODS) ipcMain.removeHandler(channelFor(method));
  };
}

function createIpcHandler(ctx: HandlerContext, method: ApiMethod, call: CallHandler) {
  return async function handleKioskIpc(event: IpcMainInvokeEvent, arg: unknown): Promise<ApiResult<unknown>> {
    // senderFrame is null once the frame has navigated away or been destroyed.
    const frameUrl = event.senderFrame?.url;
    if (!isAppUrl(frameUrl)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: `${method} refused: the caller is not the kiosk page.`, details: [] },
      };
    }
    return call(ctx, method, arg);
  };
}
