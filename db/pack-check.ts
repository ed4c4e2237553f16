/**
 * What `npm run pack:check` reports for a pack file: every problem the
 * kiosk's validator finds (the same one the import runs), and whether the
 * signature beside it verifies with the given public keys. Unlike the kiosk,
 * which stops at a bad signature, the check goes on to validate, so a content
 * author sees everything in one pass.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { findSigner, parseSignature, SIGNATURE_SUFFIX } from './pack-signing';
import { decodePackBytes, MAX_PACK_BYTES } from './pack-file-import';
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
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_PACK_BYTES) return { problems: [{ path: '(file)', message: `${size} bytes; a kiosk reads at most ${MAX_PACK_BYTES}` }], pack: null, signer: null };
    bytes = readFileSync(file);
  } catch (err) {
    return { problems: [{ path: '(file)', message: `${name} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }], pack: null, signer: null };
  }

  const problems: PackProblem[] = [];
  let signer: CheckKey | null = null;
  let sigText: string | null = null;
  try {
    sigText = readFileSync(`${file}${SIGNATURE_SUFFIX}`, 'latin1');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({
      path: '(signature)',
      message: code === 'ENOENT' ? `${name} is not signed: there is no ${name}${SIGNATURE_SUFFIX} next to it` : `${name}${SIGNATURE_SUFFIX} cannot be read (${code ?? ''})`,
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
