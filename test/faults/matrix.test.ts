import { faultMatrix } from './matrix.ts';

faultMatrix('fault matrix', 'reports/fault-matrix.md');
