/**
 * npx tsx scripts/hash-pin.ts [--file [--pseudonym NAME]]
 *
 * Hashes a PIN for a kiosk provisioning file (format: db/PROVISIONING.md), so
 * the file on the USB stick holds no PIN. Asks for the PIN without echo on a
 * terminal (twice, to catch a typo); reads it from the first line of stdin
 * otherwise. Prompts go to stderr, the JSON to stdout:
 *
 *   npx tsx scripts/hash-pin.ts                  the block for adminPinHash or staffPinHash
 *   npx tsx scripts/hash-pin.ts --file > kiosk-provisioning.json
 *                                                a whole file: admin PIN, then staff PIN
 *                                                (empty line: none); on stdin, one per line
 */
import { parseArgs } from 'node:util';
import { hashPin, pinProblem, type PinHash } from '../db/pins';
import { parseProvisioning, PROVISIONING_SCHEMA_VERSION, type ProvisioningFile } from '../db/provisioning';
import { settingProblem } from '../db/settings';

const USAGE = `Usage: npx tsx scripts/hash-pin.ts [--file [--pseudonym NAME]]

  (no option)       print one hash block, for "adminPinHash" or "staffPinHash"
  --file            print a whole provisioning file: asks for the admin PIN, then the staff PIN (empty: none)
  --pseudonym NAME  with --file: the kiosk pseudonym to set as well

PINs are 6 to 8 digits, not one digit repeated and not a straight run (123456, 654321).`;

function fail(message: string): never {
  process.stderr.write(`hash-pin: ${message}\n`);
  process.exit(1);
}

/** One line typed on the terminal, not echoed. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = function onKey(chunk: string): void {
      for (const ch of chunk) {
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        } else if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        } else if (ch === '\u007f' || ch === '\b') {
          typed = typed.slice(0, -1);
        } else if (ch >= ' ') {
          typed += ch;
        }
      }
    };
    stdin.on('data', onData);
  });
}

async function readAllStdin(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
}

interface PinSource {
  /** A PIN, or '' when allowed and left empty. */
  next(label: string, allowEmpty: boolean): Promise<string>;
}

function terminalSource(): PinSource {
  return {
    async next(label, allowEmpty) {
      for (;;) {
        const pin = await readHidden(`${label}${allowEmpty ? ' (Enter for none)' : ''}: `);
        if (pin === '' && allowEmpty) return '';
        const problem = pinProblem(pin);
        if (problem) {
          process.stderr.write(`${problem.message}\n`);
          continue;
        }
        if ((await readHidden(`${label} again: `)) !== pin) {
          process.stderr.write('The two entries differ. Try again.\n');
          continue;
        }
        return pin;
      }
    },
  };
}

function linesSource(lines: string[]): PinSource {
  let i = 0;
  return {
    async next(label, allowEmpty) {
      const pin = (lines[i++] ?? '').trim();
      if (pin === '' && allowEmpty) return '';
      const problem = pinProblem(pin);
      if (problem) fail(`${label}: ${problem.message}`);
      return pin;
    },
  };
}

async function main(): Promise<void> {
  let values: { file?: boolean; pseudonym?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { file: { type: 'boolean' }, pseudonym: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.pseudonym !== undefined && !values.file) fail(`--pseudonym goes with --file.\n\n${USAGE}`);
  const pseudonymProblem = values.pseudonym === undefined ? null : settingProblem('kiosk_pseudonym', values.pseudonym);
  if (pseudonymProblem) fail(`--pseudonym: ${pseudonymProblem}`);

  const source = process.stdin.isTTY ? terminalSource() : linesSource(await readAllStdin());
  if (!values.file) {
    const block = await hashPin(await source.next('PIN', false));
    process.stdout.write(`${JSON.stringify(block, null, 2)}\n`);
    return;
  }

  const adminPin = await source.next('Admin PIN', false);
  const staffPin = await source.next('Staff PIN', true);
  if (staffPin === adminPin) fail('the staff PIN must differ from the admin PIN.');
  const file: ProvisioningFile = { schemaVersion: PROVISIONING_SCHEMA_VERSION, adminPinHash: await hashPin(adminPin) };
  if (staffPin !== '') file.staffPinHash = (await hashPin(staffPin)) satisfies PinHash;
  if (values.pseudonym !== undefined) file.kioskPseudonym = values.pseudonym;
  const text = `${JSON.stringify(file, null, 2)}\n`;
  // Check the output with the kiosk's own reader before anyone copies it to a fleet.
  try {
    parseProvisioning(text, '(output)');
  } catch (err) {
    fail((err as Error).message);
  }
  process.stdout.write(text);
}

void main();
