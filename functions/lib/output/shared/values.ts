/** Canary values as the API sends them (strings for numbers and booleans, "N/A" for nothing), typed. */

export const bool = (value: unknown): boolean | null =>
  value === true || value === 'True' || value === 'true'
    ? true
    : value === false || value === 'False' || value === 'false'
      ? false
      : null;

/** A whole number from a number or a string of digits (the API sends both); null otherwise. */
export function whole(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export function port(value: unknown): number | null {
  const n = whole(value);
  return n !== null && n <= 65535 ? n : null;
}

export const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' && value !== 'N/A' ? value : null;
