/**
 * npm run pack:keygen -- --out DIR [--name NAME]
 *
 * Makes an Ed25519 key pair for signing content packs (db/PACK-SIGNING.md):
 * DIR/NAME.pem, the private key (mode 600: keep it off the kiosks, with the
 * content team), and DIR/NAME.pub.pem, the public key the bank gives its
 * kiosks. Never overwrites a file.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePackKeyPair } from '../db/pack-signing';
import { CliError, runCli } from './pack-common';

const USAGE = `Usage: npm run pack:keygen -- --out DIR [--name NAME]

  --out DIR     folder for the two files (made if missing)
  --name NAME   file names: NAME.pem (private) and NAME.pub.pem (public); default pack-signing-key`;

runCli('pack:keygen', () => {
  let values: { out?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.out) throw new CliError(`--out is required.\n\n${USAGE}`);
  const name = values.name ?? 'pack-signing-key';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) throw new CliError(`--name must be 1-64 letters, digits, "_", "." or "-"`);
  const dir = resolve(values.out);
  const privateFile = join(dir, `${name}.pem`);
  const publicFile = join(dir, `${name}.pub.pem`);
  for (const file of [privateFile, publicFile]) if (existsSync(file)) throw new CliError(`${file} already exists; nothing was written`);
  const pair = generatePackKeyPair();
  mkdirSync(dir, { recursive: true });
  writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicFile, pair.publicKeyPem, { flag: 'wx' });
  process.stdout.write(
    `Private key: ${privateFile}  (keep it secret; it signs packs: npm run pack:sign -- --key ${privateFile} PACK.json)\n` +
      `Public key:  ${publicFile}  (give it to the kiosks: provisioning file "trustedPackKeys", or a pack-keys/ folder)\n` +
      `Key id:      ${pair.keyId}\n`,
  );
  return 0;
});
