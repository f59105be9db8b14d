import { Foundation1700000000000 } from './1700000000000-foundation';

/** Every migration, in order. Listed explicitly so that bundling or Jest never miss one. */
export const MIGRATIONS = [Foundation1700000000000];
