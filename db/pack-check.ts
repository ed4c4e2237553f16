/**
 * What `npm run pack:check` reports for a pack file: every problem the
 * kiosk's validator finds (the same one the import runs), and whether the
 * signature beside it verifies with the given public keys. Unlike the kiosk,
 * which stops at a bad signature, the check goes on to validate, so a content
 * author sees everything in one pass.
 */
import { basename } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { findSigner, parseSignature, SIGNATURE_SUFFIX } from './pack-signing';
import { decodePackBytes, MAX_PACK_BYTES, MAX_SIGNATURE_BYTES, readLimited } from './pack-file-import';
import { validatePackText, type PackProblem } from './validate-pack';

export interface CheckKey {
  keyId: string;
  label: string;
  key: KeyObject;
}

export interface PackFileCheck {
  /** Every problem, signature ones first. Empty: the pack would import on a kiosk that trusts one of the keys. */
  problems: PackProblem[];
  /** The pack's id and version, when it validated. */
  pack: { id: string; version: string } | null;
  /** The key the signature verified with. */
  signer: CheckKey | null;
}

export function checkPackFile(file: string, keys: readonly CheckKey[]): PackFileCheck {
  const name = basename(file);
  const read = readLimited(file, MAX_PACK_BYTES);
  if (!read.ok) return { problems: [{ path: '(file)', message: `${name} ${read.message}` }], pack: null, signer: null };
  const bytes = read.bytes;

  const problems: PackProblem[] = [];
  let signer: CheckKey | null = null;
  // The kiosk's own limits: a signature file it would refuse is reported here too.
  const sigRead = readLimited(`${file}${SIGNATURE_SUFFIX}`, MAX_SIGNATURE_BYTES);
  const sigText = sigRead.ok ? sigRead.bytes.toString('latin1') : null;
  if (!sigRead.ok) {
    problems.push({
      path: '(signature)',
      message: sigRead.missing ? `${name} is not signed: there is no ${name}${SIGNATURE_SUFFIX} next to it` : `${name}${SIGNATURE_SUFFIX} ${sigRead.message}`,
    });
  }
  if (sigText !== null) {
    const signature = parseSignature(sigText);
    if (!signature.ok) problems.push({ path: '(signature)', message: `${name}${SIGNATURE_SUFFIX}: ${signature.message}` });
    else {
      signer = findSigner(bytes, signature.signature, keys);
      if (!signer) {
        problems.push({
          path: '(signature)',
          message: `the signature does not match ${name} with ${keys.length === 1 ? 'the public key' : `any of the ${keys.length} public keys`} given: the file was changed after it was signed, or it was signed with another key`,
        });
      }
    }
  }

  const text = decodePackBytes(bytes);
  if (text === null) problems.push({ path: '(file)', message: `${name} is not UTF-8 text` });
  let pack: PackFileCheck['pack'] = null;
  if (text !== null) {
    const validation = validatePackText(text);
    if (validation.ok) pack = { id: validation.pack.id, version: validation.pack.version };
    else problems.push(...validation.problems);
  }
  return { problems, pack, signer };
}
