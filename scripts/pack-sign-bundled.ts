/**
 * npm run pack:sign-bundled   (part of npm run build)
 *
 * Signs the bundled pack (db/content/card-binding.json) at build time and
 * records the public key the kiosk ships with (db/PACK-SIGNING.md):
 *
 * - with the key in PACK_SIGNING_KEY (a PEM file's path, or the PEM itself),
 *   for production builds; PACK_SIGNING_LABEL names it (default "help-kiosk
 *   release key");
 * - otherwise with the committed DEVELOPMENT key, build/pack-signing/
 *   dev-signing-key.pem, which no packaged kiosk trusts.
 *
 * Writes db/content/card-binding.json.sig, db/content/release-key.json (read
 * by the kiosk) and build/pack-signing/bundled-pack.pub.pem (for pack:check),
 * each only if it changed: Ed25519 is deterministic, so a development build
 * leaves the committed files as they are. --check writes nothing and fails if
 * any of them is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { keyIdOf, parsePrivateKey, publicKeyPemOf, signPackBytes, SIGNATURE_SUFFIX, DEVELOPMENT_KEY_ID, PackKeyError } from '../db/pack-signing';
import { validatePackBytes } from '../db/pack-file-import';
import { createPublicKey } from 'node:crypto';
import { BUNDLED_PACK, BUNDLED_PUBLIC_KEY, CliError, DEV_PRIVATE_KEY, readPrivateKeyFile, RELEASE_KEY_JSON, ROOT, runCli } from './pack-common';

function signingKey(): { key: KeyObject; label: string; from: string } {
  const env = process.env['PACK_SIGNING_KEY'];
  if (env === undefined || env.trim() === '') {
    return { key: readPrivateKeyFile(DEV_PRIVATE_KEY), label: 'help-kiosk development key', from: relative(ROOT, DEV_PRIVATE_KEY) };
  }
  const label = process.env['PACK_SIGNING_LABEL']?.trim() || 'help-kiosk release key';
  if (env.includes('-----BEGIN')) {
    try {
      return { key: parsePrivateKey(env), label, from: 'PACK_SIGNING_KEY' };
    } catch (err) {
      if (err instanceof PackKeyError) throw new CliError(`PACK_SIGNING_KEY: ${err.message}`);
      throw err;
    }
  }
  return { key: readPrivateKeyFile(env), label, from: env };
}

function current(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

runCli('pack:sign-bundled', () => {
  let check = false;
  try {
    check = parseArgs({ options: { check: { type: 'boolean' } }, strict: true }).values.check ?? false;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\nUsage: npm run pack:sign-bundled [-- --check]`);
  }
  const bytes = readFileSync(BUNDLED_PACK);
  const validation = validatePackBytes(bytes, basename(BUNDLED_PACK));
  if (!validation.ok) {
    throw new CliError(`the bundled pack is invalid; not signed:\n${validation.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
  const { key, label, from } = signingKey();
  const keyId = keyIdOf(createPublicKey(key));
  const publicKeyPem = publicKeyPemOf(key);
  const outputs: [string, string][] = [
    [`${BUNDLED_PACK}${SIGNATURE_SUFFIX}`, signPackBytes(bytes, key)],
    [RELEASE_KEY_JSON, `${JSON.stringify({ label, publicKeyPem }, null, 2)}\n`],
    [BUNDLED_PUBLIC_KEY, publicKeyPem],
  ];
  const stale = outputs.filter(([file, content]) => current(file) !== content);
  if (check) {
    if (stale.length > 0) throw new CliError(`out of date (run npm run pack:sign-bundled): ${stale.map(([f]) => relative(ROOT, f)).join(', ')}`);
    process.stdout.write(`OK: the bundled pack's signature and release key are up to date (key ${keyId}).\n`);
    return 0;
  }
  for (const [file, content] of stale) writeFileSync(file, content);
  const dev = keyId === DEVELOPMENT_KEY_ID ? ' (DEVELOPMENT key: packaged kiosks will not trust USB packs signed with it; set PACK_SIGNING_KEY for a release)' : '';
  process.stdout.write(
    `Bundled pack ${validation.pack.id} ${validation.pack.version} signed with ${from}, key ${keyId}${dev}; ` +
      `${stale.length === 0 ? 'files unchanged' : `wrote ${stale.map(([f]) => relative(ROOT, f)).join(', ')}`}.\n`,
  );
  return 0;
});
