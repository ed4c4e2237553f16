/**
 * The keys a kiosk accepts content packs from (db/PACK-SIGNING.md):
 *
 * - keys the bank configured, in the trusted_key table (migration 0050): from
 *   the provisioning file (`trustedPackKeys`, applied once with the PINs) or
 *   from `pack-keys/*.pem` beside the store, synced at every start so that
 *   removing a file removes the key;
 * - the release key the bundled pack was signed with at build, unless it is
 *   the committed development key and this is not a development build.
 *
 * The development key is never stored as a bank key: its private half is in
 * the repository.
 */
import type Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyObject } from 'node:crypto';
import { recordAudit } from './audit';
import { bundledReleaseKey, DEVELOPMENT_KEY_ID, PackKeyError, parsePublicKey, shortKeyId } from './pack-signing';

export const KEY_SOURCES = ['provisioning', 'key_file'] as const;
export type KeySource = (typeof KEY_SOURCES)[number];

/** A key a bank names on the admin screen: 1-64 characters, no control characters. */
export const KeyLabelSchema = z
  .string({ error: 'label must be a string' })
  .trim()
  .min(1, 'label is empty')
  .max(64, 'label must be at most 64 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'label must not contain control characters');

/** A PEM file is a few hundred bytes; a key folder holds a handful. */
const MAX_KEY_FILE_BYTES = 4096;
const MAX_KEY_FILES = 32;

export interface TrustedKey {
  keyId: string;
  label: string;
  /** 'release': the key the bundled pack was signed with at build. */
  source: KeySource | 'release';
  key: KeyObject;
}

export interface TrustOptions {
  /** A development build (e2e harness, unpackaged Electron): the committed development key is trusted too. */
  trustDevelopmentKey?: boolean;
}

/** Every key a USB pack may be signed with on this kiosk, bank keys first. */
export function trustedKeys(db: Database.Database, options: TrustOptions = {}): TrustedKey[] {
  const rows = db.prepare('SELECT key_id, public_key, label, source FROM trusted_key ORDER BY added_at, key_id').all() as {
    key_id: string;
    public_key: string;
    label: string;
    source: KeySource;
  }[];
  const keys: TrustedKey[] = [];
  for (const r of rows) {
    // The table CHECKs the shape; a row that still does not parse (edited by hand) is skipped, not trusted.
    try {
      const parsed = parsePublicKey(r.public_key);
      if (parsed.keyId === r.key_id && parsed.keyId !== DEVELOPMENT_KEY_ID) keys.push({ keyId: r.key_id, label: r.label, source: r.source, key: parsed.key });
    } catch {
      /* skipped */
    }
  }
  const release = bundledReleaseKey();
  if ((!release.development || options.trustDevelopmentKey) && !keys.some((k) => k.keyId === release.keyId)) {
    keys.push({ keyId: release.keyId, label: release.label, source: 'release', key: release.key });
  }
  return keys;
}

export interface BankKeyInput {
  label: string;
  publicKeyPem: string;
}

/** Why a key cannot be a bank key, or null. */
export function bankKeyProblem(publicKeyPem: string): string | null {
  try {
    const parsed = parsePublicKey(publicKeyPem);
    if (parsed.keyId === DEVELOPMENT_KEY_ID) {
      return 'this is the help-kiosk development key, whose private half is public; make your own with "npm run pack:keygen"';
    }
    return null;
  } catch (err) {
    if (err instanceof PackKeyError) return err.message;
    throw err;
  }
}

/** Adds (or relabels) a bank key. Returns its id. Throws PackKeyError for a key that cannot be trusted. */
export function addTrustedKey(db: Database.Database, input: BankKeyInput & { source: KeySource; now: Date }): string {
  const problem = bankKeyProblem(input.publicKeyPem);
  if (problem) throw new PackKeyError(problem);
  const label = KeyLabelSchema.safeParse(input.label);
  if (!label.success) throw new PackKeyError(label.error.issues.map((i) => i.message).join('; '));
  const parsed = parsePublicKey(input.publicKeyPem);
  db.prepare(
    `INSERT INTO trusted_key (key_id, public_key, label, source, added_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key_id) DO UPDATE SET label = excluded.label, source = excluded.source`,
  ).run(parsed.keyId, parsed.publicKeyPem, label.data, input.source, input.now.toISOString());
  return parsed.keyId;
}

export interface KeyFolderSync {
  added: string[];
  removed: string[];
  /** One line per file that could not be used: `name.pem: why`. Those files are skipped; the rest still apply. */
  problems: string[];
}

/**
 * Makes the key_file rows match the `*.pem` files in `dir` (a missing folder
 * means none): a key's label is its file name without `.pem`. A broken file
 * is reported and skipped, never fatal: the kiosk keeps serving its pack.
 */
export function syncKeyFolder(db: Database.Database, dir: string, now: Date): KeyFolderSync {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.pem')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    names = [];
  }
  const problems: string[] = [];
  if (names.length > MAX_KEY_FILES) {
    problems.push(`${names.length} key files; only the first ${MAX_KEY_FILES} (by name) are read`);
    names = names.slice(0, MAX_KEY_FILES);
  }
  const wanted = new Map<string, { label: string; pem: string }>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const size = statSync(file).size;
      if (size > MAX_KEY_FILE_BYTES) throw new PackKeyError(`${size} bytes; a public key file is at most ${MAX_KEY_FILE_BYTES}`);
      const pem = readFileSync(file, 'utf8');
      const problem = bankKeyProblem(pem);
      if (problem) throw new PackKeyError(problem);
      const label = KeyLabelSchema.safeParse(name.slice(0, -'.pem'.length));
      if (!label.success) throw new PackKeyError(`file name: ${label.error.issues[0]!.message}`);
      wanted.set(parsePublicKey(pem).keyId, { label: label.data, pem });
    } catch (err) {
      if (!(err instanceof PackKeyError) && !(err as NodeJS.ErrnoException).code) throw err;
      problems.push(`${name}: ${(err as Error).message}`);
    }
  }
  return db.transaction((): KeyFolderSync => {
    const current = db.prepare("SELECT key_id, label FROM trusted_key WHERE source = 'key_file'").all() as { key_id: string; label: string }[];
    const have = new Map(current.map((r) => [r.key_id, r.label]));
    const added: string[] = [];
    const removed: string[] = [];
    for (const [keyId, { label, pem }] of wanted) {
      if (have.get(keyId) === label) continue;
      // A key also provisioned becomes a key_file key: its file now decides whether it stays.
      addTrustedKey(db, { label, publicKeyPem: pem, source: 'key_file', now });
      if (!have.has(keyId)) {
        added.push(keyId);
        recordAudit(db, { role: 'system', action: 'pack_key_added', detail: `key=${shortKeyId(keyId)},source=key_file`, now });
      }
    }
    for (const keyId of have.keys()) {
      if (wanted.has(keyId)) continue;
      db.prepare('DELETE FROM trusted_key WHERE key_id = ?').run(keyId);
      removed.push(keyId);
      recordAudit(db, { role: 'system', action: 'pack_key_removed', detail: `key=${shortKeyId(keyId)},source=key_file`, now });
    }
    return { added, removed, problems };
  })();
}

export interface TrustedKeyView {
  keyId: string;
  label: string;
  source: KeySource | 'release';
}

export function listTrustedKeys(db: Database.Database, options: TrustOptions = {}): TrustedKeyView[] {
  return trustedKeys(db, options).map(({ keyId, label, source }) => ({ keyId, label, source }));
}
