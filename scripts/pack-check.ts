/**
 * npm run pack:check -- [--pub PUBLIC.pem ...] PACK.json
 *
 * What a kiosk would say about PACK.json, and more: every problem the kiosk's
 * validator finds, each with its JSON path, and whether PACK.json.sig verifies
 * with the public key(s) given (default: the key the bundled pack is signed
 * with, build/pack-signing/bundled-pack.pub.pem), and every character the
 * kiosk's fonts cannot draw (the kiosk would import the pack and show empty
 * boxes: db/font-coverage.ts). Exit 1 on any problem.
 */
import { parseArgs } from 'node:util';
import { shippedFontCoverage } from '../build/font-coverage';
import { describeUndrawn, undrawnText } from '../db/font-coverage';
import { checkPackFile, type CheckKey } from '../db/pack-check';
import { DEVELOPMENT_KEY_ID } from '../db/pack-signing';
import { BUNDLED_PUBLIC_KEY, CliError, readPublicKeyFile, runCli } from './pack-common';

const USAGE = `Usage: npm run pack:check -- [--pub PUBLIC.pem ...] PACK.json

  --pub FILE   a public key the signature may verify with (repeatable);
               default: build/pack-signing/bundled-pack.pub.pem
Checks the pack with the kiosk's validator, its signature (PACK.json.sig) and
that the kiosk's fonts draw every character of it. Exit 1 on any problem.`;

runCli('pack:check', () => {
  let values: { pub?: string[]; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      options: { pub: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`expected one pack file.\n\n${USAGE}`);
  const file = positionals[0]!;
  const keyFiles = values.pub ?? [BUNDLED_PUBLIC_KEY];
  const keys: CheckKey[] = keyFiles.map((f) => {
    const k = readPublicKeyFile(f);
    return { keyId: k.keyId, label: f, key: k.key };
  });
  const result = checkPackFile(file, keys);
  if (result.problems.length > 0) {
    process.stderr.write(`FAILED: ${file} has ${result.problems.length} problem(s):\n`);
    for (const p of result.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    return 1;
  }
  // The import would take it, and a customer would see a box for each of these.
  const undrawn = undrawnText(result.pack, shippedFontCoverage());
  if (undrawn.length > 0) {
    process.stderr.write(`FAILED: ${file} is valid and signed, but ${undrawn.length} string(s) use characters the kiosk cannot draw:\n`);
    for (const text of undrawn) process.stderr.write(`  ${text.path}: ${describeUndrawn(text)}\n`);
    return 1;
  }
  const signer = result.signer!;
  const dev = signer.keyId === DEVELOPMENT_KEY_ID ? ' (the DEVELOPMENT key: only development builds accept it)' : '';
  process.stdout.write(`OK: ${file} is ${result.pack!.id} ${result.pack!.version}, valid, signed by ${signer.label} (key ${signer.keyId})${dev}\n`);
  return 0;
});
