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
import type { Pack } from './content-schema';
import { MAX_PACK_BYTES, MAX_SIGNATURE_BYTES, validatePackBytes } from './pack-file-import';
import { readLimited } from './limited-read';
import type { PackProblem } from './validate-pack';

export interface CheckKey {
  keyId: string;
  label: string;
  key: KeyObject;
}

export interface PackFileCheck {
  /** Every problem, signature ones first. Empty: the pack would import on a kiosk that trusts one of the keys. */
  problems: PackProblem[];
  /** The pack, when it validated. */
  pack: Pack | null;
  /** The key the signature verified with. */
  signer: CheckKey | null;
}

export function checkPackFile(file: string, keys: readonly CheckKey[]): PackFileCheck {
  const name = basename(file);
  const read = readLimited(file, MAX_PACK_BYTES);
  if (!read.ok) return { problems: [{ path: '(file)', message: `${name} ${read.message}` }], pack: null, signer: null };
  const bytes = read.bytes;

  const problems: PackProblem[] = [];
  const signature = checkSignature(file, bytes, keys);
  if (signature.problem) problems.push(signature.problem);

  const validation = validatePackBytes(bytes, name);
  if (!validation.ok) problems.push(...validation.problems);
  return { problems, pack: validation.ok ? validation.pack : null, signer: signature.signer };
}

/** The signature beside the pack, read within the kiosk's own limit (a file the kiosk would refuse is reported here too). */
function checkSignature(file: string, bytes: Buffer, keys: readonly CheckKey[]): { signer: CheckKey | null; problem: PackProblem | null } {
  const name = basename(file);
  const sigName = `${name}${SIGNATURE_SUFFIX}`;
  const refused = (message: string) => ({ signer: null, problem: { path: '(signature)', message } });
  const read = readLimited(`${file}${SIGNATURE_SUFFIX}`, MAX_SIGNATURE_BYTES);
  if (!read.ok) return refused(read.cause === 'missing' ? `${name} is not signed: there is no ${sigName} next to it` : `${sigName} ${read.message}`);
  const parsed = parseSignature(read.bytes.toString('latin1'));
  if (!parsed.ok) return refused(`${sigName}: ${parsed.message}`);
  const signer = findSigner(bytes, parsed.signature, keys);
  if (!signer) {
    const given = keys.length === 1 ? 'the public key' : `any of the ${keys.length} public keys`;
    return refused(`the signature does not match ${name} with ${given} given: the file was changed after it was signed, or it was signed with another key`);
  }
  return { signer, problem: null };
}
