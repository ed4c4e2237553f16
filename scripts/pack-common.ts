/** Shared by the pack:* scripts: where the project's signing files live, and reading keys. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePrivateKey, parsePublicKey, PackKeyError, type PublicPackKey } from '../db/pack-signing';
import type { KeyObject } from 'node:crypto';

export const ROOT = resolve(__dirname, '..');
export const BUNDLED_PACK = join(ROOT, 'db', 'content', 'card-binding.json');
/** Read by the kiosk at run time (compiled in): the key the bundled pack was signed with. */
export const RELEASE_KEY_JSON = join(ROOT, 'db', 'content', 'release-key.json');
/** The same public key as a PEM file, for people and for pack:check. */
export const BUNDLED_PUBLIC_KEY = join(ROOT, 'build', 'pack-signing', 'bundled-pack.pub.pem');
/** DEVELOPMENT ONLY: public in the repository. Never trusted by a packaged kiosk. */
export const DEV_PRIVATE_KEY = join(ROOT, 'build', 'pack-signing', 'dev-signing-key.pem');

export class CliError extends Error {}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function readPrivateKeyFile(file: string): KeyObject {
  try {
    return parsePrivateKey(readText(file, 'the private key'));
  } catch (err) {
    if (err instanceof PackKeyError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

export function readPublicKeyFile(file: string): PublicPackKey {
  try {
    return parsePublicKey(readText(file, 'the public key'));
  } catch (err) {
    if (err instanceof PackKeyError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

/** Runs a CLI body: a CliError is one line on stderr and exit 1. */
export function runCli(name: string, body: () => number): void {
  try {
    process.exitCode = body();
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`${name}: ${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
