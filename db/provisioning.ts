/**
 * Provisioning file for fleets (format: db/PROVISIONING.md): the admin PIN,
 * optionally the staff PIN, the kiosk pseudonym and the public keys content
 * packs must be signed with (db/PACK-SIGNING.md), so a bank can set up many
 * kiosks without typing a PIN on each. It carries scrypt hashes made by
 * scripts/hash-pin.ts, never a PIN, and it is applied only while no admin PIN
 * exists: a stick left in the kiosk, or a second stick, never overwrites the
 * PINs an admin has set since.
 */
import type Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { recordAudit } from './audit';
import { isAdminConfigured, PinHashSchema, writePinHash, type PinHash } from './pins';
import { setSetting, settingProblem } from './settings';
import { addTrustedKey, bankKeyProblem, KeyLabelSchema } from './pack-keys';

export const PROVISIONING_SCHEMA_VERSION = 1;
/** The hash travels on a USB stick, so it must be at least this costly to guess offline. */
export const MIN_PROVISIONING_SCRYPT = { N: 2 ** 14, r: 8 } as const;
/** A provisioning file is a few hundred bytes; anything much larger is not one. */
export const MAX_PROVISIONING_BYTES = 64 * 1024;

const ProvisionedHashSchema = PinHashSchema.refine((h) => h.N >= MIN_PROVISIONING_SCRYPT.N, {
  message: `N must be at least ${MIN_PROVISIONING_SCRYPT.N} (2^14): a cheaper hash on a USB stick is too easy to guess offline`,
  path: ['N'],
}).refine((h) => h.r >= MIN_PROVISIONING_SCRYPT.r, { message: `r must be at least ${MIN_PROVISIONING_SCRYPT.r}`, path: ['r'] });

export const ProvisioningFileSchema = z
  .strictObject({
    schemaVersion: z.literal(PROVISIONING_SCHEMA_VERSION, {
      error: `schemaVersion must be ${PROVISIONING_SCHEMA_VERSION} (the only provisioning format this kiosk reads)`,
    }),
    adminPinHash: ProvisionedHashSchema,
    staffPinHash: ProvisionedHashSchema.optional(),
    kioskPseudonym: z
      .string({ error: 'kioskPseudonym must be a string' })
      .superRefine(function checkPseudonym(value, ctx) {
        const problem = settingProblem('kiosk_pseudonym', value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** Public keys content packs must be signed with (db/PACK-SIGNING.md). Optional; also settable by pack-keys/*.pem. */
    trustedPackKeys: z
      .array(
        z.strictObject({
          label: KeyLabelSchema,
          publicKeyPem: z.string({ error: 'publicKeyPem must be a string' }).superRefine(function checkPackKey(value, ctx) {
            const problem = bankKeyProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
        }),
        { error: 'trustedPackKeys must be a list of { label, publicKeyPem }' },
      )
      .min(1, 'trustedPackKeys is empty: leave it out, or list at least one key')
      .max(16, 'at most 16 trustedPackKeys')
      .optional(),
  })
  .refine((f) => !f.staffPinHash || f.staffPinHash.hash !== f.adminPinHash.hash, {
    message: 'staffPinHash is a copy of adminPinHash: the staff and admin PINs must differ',
    path: ['staffPinHash'],
  });

export type ProvisioningFile = {
  schemaVersion: 1;
  adminPinHash: PinHash;
  staffPinHash?: PinHash;
  kioskPseudonym?: string;
  trustedPackKeys?: { label: string; publicKeyPem: string }[];
};

export class ProvisioningError extends Error {
  constructor(
    readonly source: string,
    /** One line per problem, with its path in the file. */
    readonly details: string[],
  ) {
    super(`The provisioning file ${source} cannot be used:\n  ${details.join('\n  ')}`);
    this.name = 'ProvisioningError';
  }
}

/** Keys someone might use for a PIN in clear: their error says how to make a hash instead. */
const PLAIN_PIN_KEY = /^(admin|staff)?_?pin$/i;

/** Validates a provisioning file's text. Throws ProvisioningError listing every problem. */
export function parseProvisioning(text: string, source = '(provisioning file)'): ProvisioningFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ProvisioningError(source, [`(file): not valid JSON (${(err as Error).message})`]);
  }
  const parsed = ProvisioningFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data as ProvisioningFile;
  const where = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(file)';
  const details: string[] = [];
  for (const i of parsed.error.issues) {
    if (i.code !== 'unrecognized_keys') {
      details.push(`${where(i.path)}: ${i.message}`);
      continue;
    }
    for (const key of i.keys) {
      details.push(
        PLAIN_PIN_KEY.test(key)
          ? `${where([...i.path, key])}: a PIN is never accepted in clear; put the output of "npx tsx scripts/hash-pin.ts" in adminPinHash / staffPinHash`
          : `${where(i.path)}: unknown key "${key}"`,
      );
    }
  }
  throw new ProvisioningError(source, details);
}
/** The parsed file, or null when there is none at `file`. */
export function readProvisioningFile(file: string): ProvisioningFile | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (size > MAX_PROVISIONING_BYTES) throw new ProvisioningError(file, [`(file): ${size} bytes; a provisioning file is at most ${MAX_PROVISIONING_BYTES}`]);
  return parseProvisioning(readFileSync(file, 'utf8'), file);
}

export type ProvisioningOutcome =
  /** packKeys: only when the file lists trustedPackKeys. */
  | { applied: true; staffPin: boolean; kioskPseudonym: boolean; packKeys?: number }
  | { applied: false; reason: 'already_configured' | 'no_file' };

/** Applies a parsed file in one transaction, only if no admin PIN exists yet. */
export function applyProvisioning(db: Database.Database, file: ProvisioningFile, now: Date): ProvisioningOutcome {
  return db.transaction((): ProvisioningOutcome => {
    if (isAdminConfigured(db)) return { applied: false, reason: 'already_configured' };
    writePinHash(db, 'admin', file.adminPinHash, now);
    if (file.staffPinHash) writePinHash(db, 'staff', file.staffPinHash, now);
    if (file.kioskPseudonym !== undefined) setSetting(db, 'kiosk_pseudonym', file.kioskPseudonym);
    const packKeys = file.trustedPackKeys?.length;
    for (const key of file.trustedPackKeys ?? []) addTrustedKey(db, { ...key, source: 'provisioning', now });
    const staffPin = file.staffPinHash !== undefined;
    const kioskPseudonym = file.kioskPseudonym !== undefined;
    const keysDetail = packKeys === undefined ? '' : `,pack_keys=${packKeys}`;
    recordAudit(db, { role: 'system', action: 'provisioned', detail: `staff_pin=${Number(staffPin)},pseudonym=${Number(kioskPseudonym)}${keysDetail}`, now });
    return { applied: true, staffPin, kioskPseudonym, ...(packKeys === undefined ? {} : { packKeys }) };
  })();
}

/**
 * At start-up: applies the file at `file` if no admin PIN is set yet. A kiosk
 * that is already set up does not even read it, so a stale or broken file
 * left behind cannot stop it from starting.
 */
export function provisionFromFile(db: Database.Database, file: string, now: Date): ProvisioningOutcome {
  if (isAdminConfigured(db)) return { applied: false, reason: 'already_configured' };
  const parsed = readProvisioningFile(file);
  if (!parsed) return { applied: false, reason: 'no_file' };
  return applyProvisioning(db, parsed, now);
}
