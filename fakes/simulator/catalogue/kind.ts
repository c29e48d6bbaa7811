import type { Rng } from '../random.ts';

/**
 * The logtypes of the incident object catalogue, with event dictionaries shaped as the console sends
 * them: strings for numbers and ports, "True"/"False" for booleans. Used only to generate data.
 */
export interface Kind {
  logtypes: number[];
  summary: string;
  port: number | '';
  weight: number;
  token?: boolean;
  event: (r: Rng) => unknown;
}
