/**
 * Signed content packs (db/PACK-SIGNING.md): a detached Ed25519 signature,
 * base64 in `<pack>.json.sig`, over the exact bytes of the pack file. The
 * kiosk checks the bytes before it parses anything, so a pack that was
 * changed after signing never reaches the JSON parser or the validator.
 *
 * node:crypto only: no third-party crypto, no key formats of our own. Keys
 * are PEM (SPKI public, PKCS#8 private), as `openssl genpkey -algorithm
 * ed25519` writes them; a key's id is the sha256 of its SPKI DER, in hex.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import releaseKey from './content/release-key.json';

/** An Ed25519 signature is 64 bytes. */
export const SIGNATURE_BYTES = 64;
/** The signature file: the pack file's name plus this. */
export const SIGNATURE_SUFFIX = '.sig';

/**
 * The id of the committed DEVELOPMENT key (build/pack-signing/dev-signing-key.pem).
 * Its private half is in the repository, so anyone can sign with it: a kiosk
 * trusts it only in a development build (the e2e harness, an unpackaged
 * Electron), never when packaged, and never as a key a bank configures.
 */
export const DEVELOPMENT_KEY_ID = 'cc969ec0f076b4741a8434d24790bb09ce8e49599bdb8bd8295702ff9968702d';

export class PackKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackKeyError';
  }
}

export interface PublicPackKey {
  /** sha256 of the SPKI DER, lowercase hex (64 characters). */
  keyId: string;
  /** SPKI, PEM. Normalized: the kiosk stores what node:crypto exports, not the input's spacing. */
  publicKeyPem: string;
  key: KeyObject;
}

function assertEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new PackKeyError(`${what} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; pack signing uses Ed25519 only`);
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Parses an Ed25519 public key (PEM, SPKI). A private key is refused: it must never be configured on a kiosk. */
export function parsePublicKey(pem: string): PublicPackKey {
  if (/PRIVATE KEY/.test(pem)) throw new PackKeyError('this is a PRIVATE key; a kiosk only ever gets the public key (…pub.pem)');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new PackKeyError(`not a PEM public key (${(err as Error).message})`);
  }
  assertEd25519(key, 'the public key');
  return { keyId: keyIdOf(key), publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), key };
}

/** Parses an Ed25519 private key (PEM, PKCS#8) for signing. */
export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new PackKeyError(`not a PEM private key (${(err as Error).message})`);
  }
  assertEd25519(key, 'the private key');
  return key;
}

/** The public half of a private key, PEM. */
export function publicKeyPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export function generatePackKeyPair(): { privateKeyPem: string; publicKeyPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** The signature file's text for these pack bytes: base64 and a newline. Ed25519 is deterministic. */
export function signPackBytes(bytes: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, bytes, privateKey).toString('base64')}\n`;
}

export type SignatureParse = { ok: true; signature: Buffer } | { ok: false; message: string };

/** Reads a signature file's text: base64 of 64 bytes, surrounding whitespace allowed. */
export function parseSignature(text: string): SignatureParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'the signature file is empty' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return { ok: false, message: 'the signature file is not base64' };
  const signature = Buffer.from(trimmed, 'base64');
  if (signature.length !== SIGNATURE_BYTES) {
    return { ok: false, message: `the signature is ${signature.length} bytes; an Ed25519 signature is ${SIGNATURE_BYTES}` };
  }
  return { ok: true, signature };
}

export function verifyPackBytes(bytes: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return verify(null, bytes, publicKey, signature);
  } catch {
    return false;
  }
}

/** The first key of `keys` that the signature verifies with, or null. */
export function findSigner<K extends { key: KeyObject }>(bytes: Uint8Array, signature: Uint8Array, keys: readonly K[]): K | null {
  return keys.find((k) => verifyPackBytes(bytes, signature, k.key)) ?? null;
}

export interface ReleaseKey extends PublicPackKey {
  label: string;
  /** The committed development key: trusted only in development builds. */
  development: boolean;
}

/**
 * The key the bundled pack was signed with at build (db/content/release-key.json,
 * written by `npm run pack:sign-bundled`): the development key unless the
 * build had PACK_SIGNING_KEY.
 */
export function bundledReleaseKey(): ReleaseKey {
  const parsed = parsePublicKey(releaseKey.publicKeyPem);
  const development = parsed.keyId === DEVELOPMENT_KEY_ID;
  return { ...parsed, development, label: development ? 'help-kiosk development key' : releaseKey.label };
}

/** Short form of a key id for screens and the audit log: the first 16 hex digits. */
export function shortKeyId(keyId: string): string {
  return keyId.slice(0, 16);
}
