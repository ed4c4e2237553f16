/**
 * Importing a signed content pack from a file (a USB stick): the signature
 * over the file's exact bytes first, then the validator, then that the
 * kiosk's fonts draw every character, then the import in one transaction.
 * Anything wrong comes back as a list of problems and the active pack keeps
 * serving. db/PACK-SIGNING.md.
 */
import type Database from 'better-sqlite3';
import { recordAudit } from './audit';
import { importPack } from './content-import';
import { bundledReleaseKey, findSigner, parseSignature, shortKeyId, SIGNATURE_SUFFIX } from './pack-signing';
import { trustedKeys, type TrustOptions } from './pack-keys';
import { validatePackText, type PackProblem, type PackValidation } from './validate-pack';
import type { ImportRejection } from './pack-types';
import { compareVersions } from './pack-version';
import { describeUndrawn, undrawnText, type FontCoverage } from './font-coverage';
import type { LimitedRead } from './limited-read';

export { IMPORT_REJECTIONS, type ImportRejection } from './pack-types';

/** The bundled pack is about 150 kB; a pack file far bigger than this is not one. */
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 1024;

export type PackFileImport =
  | { status: 'imported'; packId: string; version: string; signedBy: string }
  | { status: 'rejected'; reason: ImportRejection; problems: PackProblem[] };

export interface PackFileImportOptions extends TrustOptions {
  now: Date;
  /** Who asked, for the audit log. */
  role?: 'admin' | 'system';
  /** What the kiosk's fonts draw (the build's font-coverage.json): a pack needing more is refused. */
  fontCoverage: FontCoverage;
}

/** The pack file's text: strict UTF-8 (a byte-order mark is dropped), or null. */
export function decodePackBytes(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A pack file's bytes checked as the kiosk checks them: strict UTF-8, then the validator. One place for
 * the import, pack:check, pack:sign and the build's signing of the bundled pack.
 */
export function validatePackBytes(bytes: Uint8Array, name: string): PackValidation {
  const text = decodePackBytes(bytes);
  if (text === null) return { ok: false, problems: [{ path: '(file)', message: `${name} is not UTF-8 text` }] };
  return validatePackText(text);
}

/** A pack file and its signature as read off the drive, before any check. */
export interface PackFileBytes {
  /** The pack file's name, as the problems name it. */
  name: string;
  pack: LimitedRead;
  signature: LimitedRead;
}

function checkFile(db: Database.Database, read: PackFileBytes, options: PackFileImportOptions): PackFileImport {
  const reject = (reason: ImportRejection, path: string, message: string): PackFileImport => ({ status: 'rejected', reason, problems: [{ path, message }] });
  const { name, pack, signature: sigText } = read;

  if (!pack.ok) return reject('unreadable', '(file)', `${name} ${pack.message}`);
  if (!sigText.ok) {
    if (sigText.cause === 'missing') return reject('unsigned', '(signature)', `${name} is not signed: there is no ${name}${SIGNATURE_SUFFIX} next to it (npm run pack:sign makes one)`);
    return reject('bad_signature', '(signature)', `${name}${SIGNATURE_SUFFIX} ${sigText.message}`);
  }
  const signature = parseSignature(sigText.bytes.toString('latin1'));
  if (!signature.ok) return reject('bad_signature', '(signature)', `${name}${SIGNATURE_SUFFIX}: ${signature.message}`);

  // Bytes first: nothing is parsed until a trusted key vouches for them.
  const keys = trustedKeys(db, options);
  const signer = findSigner(pack.bytes, signature.signature, keys);
  if (!signer) {
    const release = bundledReleaseKey();
    if (release.development && findSigner(pack.bytes, signature.signature, [release])) {
      return reject('untrusted_key', '(signature)', 'signed with the help-kiosk development key, which only a development build trusts; sign with the bank\'s key');
    }
    if (keys.length === 0) {
      return reject('no_trusted_key', '(signature)', 'this kiosk trusts no pack signing key yet: the bank configures its public key (provisioning file or pack-keys folder)');
    }
    return reject(
      'bad_signature',
      '(signature)',
      `the signature does not match ${name} with any of the ${keys.length} key(s) this kiosk trusts: the file was changed after it was signed, or it was signed with another key`,
    );
  }

  const validation = validatePackBytes(pack.bytes, name);
  if (!validation.ok) return { status: 'rejected', reason: 'invalid_pack', problems: validation.problems };
  const { id, version } = validation.pack;

  // A customer would see an empty box for each of these: refused, like a mistake in the pack.
  const undrawn = undrawnText(validation.pack, options.fontCoverage);
  if (undrawn.length > 0) {
    return { status: 'rejected', reason: 'undrawable_text', problems: undrawn.map((text) => ({ path: text.path, message: describeUndrawn(text) })) };
  }

  const versions = db.prepare('SELECT version FROM pack WHERE pack_id = ?').all(id) as { version: string }[];
  const newest = versions.map((v) => v.version).reduce<string | null>((a, v) => (a === null || compareVersions(v, a) > 0 ? v : a), null);
  if (newest !== null && compareVersions(version, newest) <= 0) {
    return reject(
      'not_newer',
      'version',
      version === newest
        ? `pack "${id}" version ${version} is already on this kiosk; raise the version`
        : `pack "${id}" version ${version} is older than version ${newest}, already on this kiosk; raise the version (to go back, use "Roll back")`,
    );
  }

  return db.transaction((): PackFileImport => {
    const result = importPack(db, validation.pack, { now: () => options.now });
    if (!result.ok) return { status: 'rejected', reason: 'invalid_pack', problems: result.problems };
    db.prepare("UPDATE pack SET source = 'usb', signed_by_key = ?, signed_by_label = ? WHERE pack_id = ? AND version = ?").run(
      signer.keyId,
      signer.label,
      id,
      version,
    );
    recordAudit(db, { role: options.role ?? 'admin', action: 'pack_imported', detail: `pack=${id},version=${version},key=${shortKeyId(signer.keyId)}`, now: options.now });
    return { status: 'imported', packId: id, version, signedBy: signer.label };
  })();
}

/**
 * Imports a pack file already read (its bytes and its signature's) and makes
 * it active, or rejects it with every problem found. Audited either way.
 */
export function importPackBytes(db: Database.Database, read: PackFileBytes, options: PackFileImportOptions): PackFileImport {
  const result = checkFile(db, read, options);
  if (result.status === 'rejected') {
    try {
      recordAudit(db, { role: options.role ?? 'admin', action: 'pack_import_rejected', detail: `reason=${result.reason},problems=${result.problems.length}`, now: options.now });
    } catch (err) {
      // A store too full (or read-only) to note the refusal must not hide why the pack was refused:
      // the admin needs the problems to fix the pack; nothing was imported either way.
      console.error(`[kiosk] pack refused (${result.reason}), but not audited: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return result;
}
