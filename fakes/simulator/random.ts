/** A small seeded PRNG (mulberry32): the simulator's data is a pure function of its seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `length` hex digits, eight from each draw (a byte table: Number#toString(16) was a tenth of the local run's CPU). */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const n = Math.floor(this.next() * 0x100000000);
      out +=
        (BYTE_HEX[n >>> 24] as string) +
        (BYTE_HEX[(n >>> 16) & 0xff] as string) +
        (BYTE_HEX[(n >>> 8) & 0xff] as string) +
        (BYTE_HEX[n & 0xff] as string);
    }
    return out.length === length ? out : out.slice(0, length);
  }

  ip(): string {
    return `${this.pick([10, 172, 192, 185, 45, 103])}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Mixes a seed and an index into an independent stream seed. */
export function streamSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
