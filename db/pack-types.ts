/**
 * Types of the pack admin (history, import results) that the contract
 * (electron/api.ts) re-exports to the renderer: no Node, no SQLite here.
 */

export interface PackInfo {
  packId: string;
  version: string;
  /** ISO 8601, UTC. */
  importedAt: string;
  active: boolean;
  /** 'bundled': shipped with the app; 'usb': imported by an admin. */
  source: 'bundled' | 'usb';
  /** Label of the key a USB pack was signed with; null for the bundled pack. */
  signedBy: string | null;
  /** An admin rolled back from this pack. */
  rolledBack: boolean;
}

export interface PackHistory {
  active: PackInfo | null;
  /** What "Roll back" would make active; null: nothing to roll back to. */
  previous: PackInfo | null;
  /** Every pack on the kiosk, newest import first (at most MAX_HISTORY). */
  all: PackInfo[];
}

export const IMPORT_REJECTIONS = [
  /** The pack file is missing, unreadable or too big. */
  'unreadable',
  /** No signature file next to it. */
  'unsigned',
  /** The signature file is malformed, or does not verify: changed after signing, or another key. */
  'bad_signature',
  /** Signed with the development key on a kiosk that is not a development build. */
  'untrusted_key',
  /** The kiosk has no key to check with: the bank has configured none. */
  'no_trusted_key',
  /** Signed, but not a valid pack: the validator's problems. */
  'invalid_pack',
  /** Valid, but it uses characters the kiosk's fonts do not draw (they would show as empty boxes). */
  'undrawable_text',
  /** This version, or a newer one, of the pack is already on the kiosk. */
  'not_newer',
] as const;
export type ImportRejection = (typeof IMPORT_REJECTIONS)[number];
