/**
 * npm run pack:sign -- --key PRIVATE.pem PACK.json [PACK2.json ...]
 *
 * Validates each pack with the kiosk's own validator and, if it is valid,
 * writes PACK.json.sig: the base64 Ed25519 signature over the file's exact
 * bytes (db/PACK-SIGNING.md). An invalid pack is not signed. Any later change
 * to the file, even a space, makes kiosks refuse it. Exit 1 on any problem.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { keyIdOf, signPackBytes, SIGNATURE_SUFFIX, verifyPackBytes, parseSignature } from '../db/pack-signing';
import { validatePackBytes } from '../db/pack-file-import';
import { createPublicKey } from 'node:crypto';
import { CliError, readPrivateKeyFile, runCli } from './pack-common';

const USAGE = `Usage: npm run pack:sign -- --key PRIVATE.pem PACK.json [PACK2.json ...]

  --key FILE   the Ed25519 private key (PEM; npm run pack:keygen makes one)
Writes PACK.json.sig next to each valid pack. Sign last: any edit afterwards breaks the signature.`;

runCli('pack:sign', () => {
  let values: { key?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.key || positionals.length === 0) throw new CliError(`--key and at least one pack file are required.\n\n${USAGE}`);
  const privateKey = readPrivateKeyFile(values.key);
  const publicKey = createPublicKey(privateKey);
  let failed = 0;
  for (const file of positionals) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      process.stderr.write(`NOT SIGNED: ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
      failed++;
      continue;
    }
    const validation = validatePackBytes(bytes, basename(file));
    if (!validation.ok) {
      process.stderr.write(`NOT SIGNED: ${file} has ${validation.problems.length} problem(s):\n`);
      for (const p of validation.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
      failed++;
      continue;
    }
    const sig = signPackBytes(bytes, privateKey);
    const parsed = parseSignature(sig);
    if (!parsed.ok || !verifyPackBytes(bytes, parsed.signature, publicKey)) throw new CliError('the new signature does not verify (this is a bug)');
    writeFileSync(`${file}${SIGNATURE_SUFFIX}`, sig);
    process.stdout.write(`Signed: ${file} (${validation.pack.id} ${validation.pack.version}) -> ${file}${SIGNATURE_SUFFIX}, key ${keyIdOf(publicKey)}\n`);
  }
  return failed > 0 ? 1 : 0;
});
