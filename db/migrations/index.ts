import type { Migration } from '../migrate';
import { contentTables } from './0010-content-tables';

/** In order. A migration that has shipped is never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [contentTables];
