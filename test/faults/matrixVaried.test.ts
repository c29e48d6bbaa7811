import { faultMatrix } from './matrix.ts';

/** The fault matrix against a console answering in a seeded mix of the reply variants of docs/console-api.md. */
faultMatrix('fault matrix, varied replies', 'reports/fault-matrix-varied.md', 'mix');
