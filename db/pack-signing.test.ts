import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  bundledReleaseKey,
  DEVELOPMENT_KEY_ID,
  findSigner,
  generatePackKeyPair,
  keyIdOf,
  PackKeyError,
  parsePrivateKey,
  parsePublicKey,
  parseSignature,
  signPackBytes,
  verifyPackBytes,
} from './pack-signing';
import { devPrivateKey } from './test/signed-pack';
import releaseKeyJson from './content/release-key.json';

const ROOT = join(__dirname, '..');
const bytes = Buffer.from('{"schemaVersion":1}\n');

function sigOf(data: Uint8Array, pem: string): Buffer {
  const parsed = parseSignature(signPackBytes(data, parsePrivateKey(pem)));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.signature;
}

describe('Ed25519 pack signatures', () => {
  const pair = generatePackKeyPair();
  const pub = parsePublicKey(pair.publicKeyPem);

  it('verify over the exact bytes, and fail after one changed byte, an added byte or with another key', () => {
    const sig = sigOf(bytes, pair.privateKeyPem);
    expect(verifyPackBytes(bytes, sig, pub.key)).toBe(true);
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(verifyPackBytes(tampered, sig, pub.key), `byte ${i}`).toBe(false);
    }
    expect(verifyPackBytes(Buffer.concat([bytes, Buffer.from(' ')]), sig, pub.key)).toBe(false);
    const other = parsePublicKey(generatePackKeyPair().publicKeyPem);
    expect(verifyPackBytes(bytes, sig, other.key)).toBe(false);
    expect(findSigner(bytes, sig, [other, pub])).toBe(pub);
    expect(findSigner(bytes, sig, [other])).toBeNull();
  });

  it('are deterministic (the build re-signs the bundled pack without changing the committed file)', () => {
    expect(signPackBytes(bytes, parsePrivateKey(pair.privateKeyPem))).toBe(signPackBytes(bytes, parsePrivateKey(pair.privateKeyPem)));
  });

  it('are read from base64 text of exactly 64 bytes; anything else is a precise problem', () => {
    expect(parseSignature(`  ${sigOf(bytes, pair.privateKeyPem).toString('base64')}\r\n`).ok).toBe(true);
    expect(parseSignature('')).toEqual({ ok: false, message: 'the signature file is empty' });
    expect(parseSignature('not base64!')).toEqual({ ok: false, message: 'the signature file is not base64' });
    expect(parseSignature(Buffer.alloc(32).toString('base64'))).toEqual({ ok: false, message: 'the signature is 32 bytes; an Ed25519 signature is 64' });
  });

  it('keys: Ed25519 only, public keys only where a kiosk is configured, id = sha256 of the SPKI', () => {
    expect(pub.keyId).toBe(pair.keyId);
    expect(pub.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(() => parsePublicKey(pair.privateKeyPem)).toThrow(/PRIVATE key/);
    expect(() => parsePublicKey('hello')).toThrow(PackKeyError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => parsePublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/rsa key; pack signing uses Ed25519 only/);
    expect(() => parsePrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/Ed25519 only/);
  });
});

describe('the committed signing files', () => {
  it('DEVELOPMENT_KEY_ID is the id of build/pack-signing/dev-signing-key.pem', () => {
    expect(keyIdOf(createPublicKey(devPrivateKey()))).toBe(DEVELOPMENT_KEY_ID);
  });

  it('the bundled pack signature verifies over db/content/card-binding.json with build/pack-signing/bundled-pack.pub.pem', () => {
    const pack = readFileSync(join(ROOT, 'db', 'content', 'card-binding.json'));
    const sig = parseSignature(readFileSync(join(ROOT, 'db', 'content', 'card-binding.json.sig'), 'latin1'));
    expect(sig.ok).toBe(true);
    const pub = parsePublicKey(readFileSync(join(ROOT, 'build', 'pack-signing', 'bundled-pack.pub.pem'), 'utf8'));
    expect(verifyPackBytes(pack, (sig as { signature: Buffer }).signature, pub.key)).toBe(true);
  });

  it('the release key the kiosk ships (db/content/release-key.json) is that same public key', () => {
    const pub = parsePublicKey(readFileSync(join(ROOT, 'build', 'pack-signing', 'bundled-pack.pub.pem'), 'utf8'));
    expect(parsePublicKey(releaseKeyJson.publicKeyPem).keyId).toBe(pub.keyId);
    expect(bundledReleaseKey().keyId).toBe(pub.keyId);
  });

  it('in this repository the release key is the development key, and is flagged as such', () => {
    expect(bundledReleaseKey()).toMatchObject({ keyId: DEVELOPMENT_KEY_ID, development: true, label: 'help-kiosk development key' });
  });
});
