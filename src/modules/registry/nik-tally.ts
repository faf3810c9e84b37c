/**
 * The NIKs of the rows an import loads, each with a small tag (row-tag.ts), kept as 64-bit keys so that
 * one native sort after the load finds duplicate NIKs (formats.md: a NIK twice in one file is a row
 * error) without an index on the batch table, and lines the rows up by NIK for the coverage
 * reconciliation (coverage/reconciliation-in-memory.ts).
 *
 * A key is `nikCode × 2^14 + tag`. `nikCode` packs a valid NIK's fields (PP KK CC DD MM YY SSSS,
 * domain/nik.ts) in mixed radix: province 11–96, day 1–71, month 1–12 give 86·100·100·72·12·100·10^4
 * < 2^50 codes, so a key fits in 64 bits. The keys are written as two 32-bit halves, without BigInt.
 * Memory is bounded: 8 bytes a row, and past `limit` rows the tally stops and says so; the caller then
 * looks duplicates up in the database instead.
 */

const ZERO = 0x30;
const FIRST_CAPACITY = 1 << 16;
const TAG_BITS = 14;
export const MAX_TAG = (1 << TAG_BITS) - 1;
/** The low half holds the code's low 18 bits above the tag. */
const CODE_LOW_BITS = 32 - TAG_BITS;
const CODE_LOW_SPAN = 2 ** CODE_LOW_BITS;
const TAG_SPAN = 2 ** TAG_BITS;

/** More rows than any district's register (Kabupaten Bogor, the largest, has about 5.6 M residents). */
const NIK_TALLY_LIMIT = 8_000_000;

/** Mixed radix of the NIK's fields, most significant first: [first digit, digits, radix]. */
const FIELDS: readonly [number, number, number][] = [
  [0, 2, 86], // province 11–96, stored − 11
  [2, 2, 100], // regency
  [4, 2, 100], // kecamatan
  [6, 2, 72], // day, + 40 for women
  [8, 2, 12], // month 1–12, stored − 1
  [10, 2, 100], // year
  [12, 4, 10_000], // serial
];
const OFFSETS = [11, 0, 0, 0, 1, 0, 0];

export class NikTally {
  private keys = new BigUint64Array(FIRST_CAPACITY);
  /** The same memory as 32-bit halves: [2i] low, [2i + 1] high (little-endian, as every platform Node runs on). */
  private halves = new Uint32Array(this.keys.buffer);
  private count = 0;
  private sorted = false;
  /** More NIKs came than `limit`: the tally was dropped and cannot answer. */
  overflowed = false;

  constructor(private readonly limit = NIK_TALLY_LIMIT) {}

  /** A valid NIK as 16 ASCII digits at `bytes[start…]`, with its row's tag (0–MAX_TAG). */
  addBytes(bytes: Uint8Array, start: number, tag = 0): void {
    const province = twoDigits(bytes, start) - 11;
    const day = twoDigits(bytes, start + 6);
    const month = twoDigits(bytes, start + 8) - 1;
    if (province < 0 || province >= 86 || day >= 72 || month < 0 || month >= 12) {
      throw new Error('not a valid NIK: the row checks should have refused it');
    }
    // The mixed radix of FIELDS, written out: this runs for every row an import loads.
    const code =
      (((((province * 100 + twoDigits(bytes, start + 2)) * 100 + twoDigits(bytes, start + 4)) * 72 + day) * 12 + month) * 100 +
        twoDigits(bytes, start + 10)) *
        10_000 +
      twoDigits(bytes, start + 12) * 100 +
      twoDigits(bytes, start + 14);
    this.push(code, tag);
  }

  /** A valid NIK as text. */
  add(nik: string, tag = 0): void {
    this.addBytes(Buffer.from(nik, 'latin1'), 0, tag);
  }

  /**
   * Each NIK added more than once, in NIK order. Sorts the tally (once, after the last row): the keys
   * are then in NIK order (`sortedKeys`).
   */
  duplicates(): string[] {
    const keys = this.sortedKeys();
    const halves = halvesOf(keys);
    const found: string[] = [];
    let previous = -1;
    let lastFound = -1;
    for (let i = 0; i < keys.length; i++) {
      const code = nikCodeAt(halves, i);
      if (code === previous && code !== lastFound) {
        lastFound = code;
        found.push(nikAt(halves, i));
      }
      previous = code;
    }
    return found;
  }

  /** The keys in NIK order (sorting them the first time). */
  sortedKeys(): BigUint64Array {
    if (this.overflowed) throw new Error('the NIK tally overflowed: look duplicates up in the database');
    const keys = this.keys.subarray(0, this.count);
    if (!this.sorted) keys.sort();
    this.sorted = true;
    return keys;
  }

  private push(code: number, tag: number): void {
    if (this.overflowed) return;
    if (this.sorted) throw new Error('the NIK tally was already sorted');
    if (this.count === this.limit) {
      this.overflowed = true;
      this.keys = new BigUint64Array(0);
      this.halves = new Uint32Array(0);
      return;
    }
    if (this.count === this.keys.length) {
      const bigger = new BigUint64Array(Math.min(this.keys.length * 2, this.limit));
      bigger.set(this.keys);
      this.keys = bigger;
      this.halves = new Uint32Array(bigger.buffer);
    }
    const i = this.count++;
    this.halves[2 * i] = (code % CODE_LOW_SPAN) * TAG_SPAN + tag;
    this.halves[2 * i + 1] = Math.floor(code / CODE_LOW_SPAN);
  }
}

function twoDigits(bytes: Uint8Array, at: number): number {
  return (bytes[at] - ZERO) * 10 + bytes[at + 1] - ZERO;
}

/** The NIK code of key i (as halves): equal codes are equal NIKs, and their order is the keys' order. */
export function nikCodeAt(halves: Uint32Array, i: number): number {
  return halves[2 * i + 1] * CODE_LOW_SPAN + (halves[2 * i] >>> TAG_BITS);
}

export function tagAt(halves: Uint32Array, i: number): number {
  return halves[2 * i] & MAX_TAG;
}

/** The NIK of key i, as text. */
export function nikAt(halves: Uint32Array, i: number): string {
  let code = nikCodeAt(halves, i);
  const parts: string[] = [];
  for (let f = FIELDS.length - 1; f >= 0; f--) {
    const [, digits, radix] = FIELDS[f];
    parts.push(String((code % radix) + OFFSETS[f]).padStart(digits, '0'));
    code = Math.floor(code / radix);
  }
  return parts.reverse().join('');
}

/** The 32-bit halves of keys, for the functions above. */
export function halvesOf(keys: BigUint64Array): Uint32Array {
  return new Uint32Array(keys.buffer, keys.byteOffset, 2 * keys.length);
}
