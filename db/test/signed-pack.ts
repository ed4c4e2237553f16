/** Pack files on a "USB stick" (a temp folder) for the signed-pack tests, signed with any key. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { parsePrivateKey, signPackBytes, SIGNATURE_SUFFIX } from '../pack-signing';

const ROOT = join(__dirname, '..', '..');

/** The committed DEVELOPMENT key (public in the repository): what development builds and tests sign with. */
export function devPrivateKey(): KeyObject {
  return parsePrivateKey(readFileSync(join(ROOT, 'build', 'pack-signing', 'dev-signing-key.pem'), 'utf8'));
}

/** Writes `pack` (an object, or exact text or bytes) as DIR/NAME and, unless `key` is null, its signature as DIR/NAME.sig. */
export function writePackFile(dir: string, pack: unknown, key: KeyObject | null, name = 'card-binding.json'): string {
  const file = join(dir, name);
  const text = typeof pack === 'string' || Buffer.isBuffer(pack) ? pack : `${JSON.stringify(pack, null, 2)}\n`;
  writeFileSync(file, text);
  if (key) writeFileSync(`${file}${SIGNATURE_SUFFIX}`, signPackBytes(readFileSync(file), key));
  return file;
}
