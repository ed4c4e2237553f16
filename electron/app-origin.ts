/**
 * The kiosk's one origin. Protocol, IPC and lockdown all decide "is this ours?"
 * here, so they cannot disagree. Pure: no Electron, no Node.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_HOME_URL = `${APP_ORIGIN}/index.html`;
export const OUT_OF_ORDER_URL = `${APP_ORIGIN}/out-of-order.html`;

/**
 * True when `raw` is a URL on app://kiosk.
 *
 * Compares scheme and host rather than `URL.origin`: WHATWG URL reports the
 * origin of a non-special scheme such as `app:` as the string "null", so an
 * origin comparison would either match everything opaque or nothing.
 */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // A port or credentials never appear on our own URLs; refuse anything unusual.
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}
