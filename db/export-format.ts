/**
 * The statistics export format (documented in db/EXPORT-FORMAT.md): file
 * names, their columns, and the manifest. One definition shared by the writer
 * (export-stats.ts) and the verifier (verify-export.ts), so they cannot drift.
 */
import { z } from 'zod';
import { idSchema } from './content-schema';
import { isDay } from './days';
import { MIN_K } from './settings';

/** 2: outcomes.csv gained pack_id,pack_version (issue 5). Only this version is written or accepted. */
export const EXPORT_SCHEMA_VERSION = 2;
export const MANIFEST_FILE = 'manifest.json';

export const TABLE_NAMES = ['outcomes', 'durations', 'step_funnel', 'features'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Dimension columns of each table; every table then ends with `sessions,suppressed`. */
export const TABLE_DIMS = {
  outcomes: ['day', 'locale', 'cause', 'outcome', 'assisted', 'pack_id', 'pack_version'],
  durations: ['bucket', 'outcome'],
  step_funnel: ['cause', 'step', 'stage'],
  features: ['feature'],
} as const satisfies Record<TableName, readonly string[]>;

export const COUNT_COLUMNS = ['sessions', 'suppressed'] as const;

export function fileOf(table: TableName): string {
  return `${table}.csv`;
}

export function columnsOf(table: TableName): string[] {
  return [...TABLE_DIMS[table], ...COUNT_COLUMNS];
}

const day = z.string().refine(isDay, 'must be a date YYYY-MM-DD');

export const ManifestSchema = z.strictObject({
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION, {
    error: `schemaVersion must be ${EXPORT_SCHEMA_VERSION} (the only export format this verifier reads)`,
  }),
  /** The UTC date the export was written: a date only, never a time. */
  generatedOn: day,
  period: z.strictObject({ from: day, to: day }).refine((p) => p.from <= p.to, 'period.from is after period.to'),
  k: z.int().min(MIN_K, `k is below the floor of ${MIN_K}`),
  /** The pack versions of the period: exactly the (pack_id, pack_version) pairs outcomes.csv lists. */
  packVersions: z.array(z.strictObject({ packId: idSchema, version: z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/) })),
  kioskPseudonym: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'pseudonym must be 1-32 characters: letters, digits, "_" or "-"'),
  files: z.array(
    z.strictObject({
      name: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
      /** Data rows, the header not counted. */
      rows: z.int().min(0),
    }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;
