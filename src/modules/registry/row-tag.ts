/**
 * A small number summing up a row's enumerated fields — a peserta row's segment, status and reason; a
 * penduduk row's desa and life status — kept beside its NIK in the tally (nik-tally.ts), so that the
 * coverage reconciliation can be computed from the tallies after a load instead of by a join in the
 * database (coverage/reconciliation-in-memory.ts).
 *
 * The tag is a mixed-radix number of the fields' codes (0 = empty, i + 1 = the i-th allowed value),
 * plus one: tag 0 means "no row". Pure.
 */
import { MAX_TAG } from './nik-tally.ts';

export interface TaggedColumn {
  name: string;
  values: readonly string[];
}

/** Past this many values a column's bytes are looked up by their text rather than compared in turn. */
const SHORT_LIST = 16;

/** Length, first and last byte: tells the values of a short list apart (checked when built). */
const shapeOf = (bytes: Uint8Array, start: number, end: number) => (end - start) * 65_536 + bytes[start] * 256 + bytes[end - 1];

export class RowTag {
  private readonly encoded: Buffer[][];
  private readonly codes: (Map<string, number> | null)[];
  /** Per short column whose values all differ in shape: the shape of each value, in order (the candidate is still compared). */
  private readonly shapes: (Int32Array | null)[];
  /** Mixed-radix weight of each column's code. */
  private readonly weights: number[];
  /** Tags run from 0 (no row) to size − 1. */
  readonly size: number;

  constructor(readonly columns: readonly TaggedColumn[]) {
    this.encoded = columns.map((c) => c.values.map((v) => Buffer.from(v, 'latin1')));
    this.codes = columns.map((c) => (c.values.length > SHORT_LIST ? new Map(c.values.map((v, i) => [v, i + 1])) : null));
    this.shapes = this.encoded.map((values, k) => {
      if (this.codes[k] || values.some((v) => v.length === 0)) return null;
      const shapes = Int32Array.from(values, (v) => shapeOf(v, 0, v.length));
      return new Set(shapes).size === values.length ? shapes : null;
    });
    this.weights = [];
    let weight = 1;
    for (let k = columns.length - 1; k >= 0; k--) {
      this.weights[k] = weight;
      weight *= columns[k].values.length + 1;
    }
    if (weight > MAX_TAG) throw new Error(`the tagged columns have ${weight} combinations; a tag holds ${MAX_TAG}`);
    this.size = weight + 1;
  }

  /** The tag of a row's values (in `columns` order; null or '' = empty). A value not allowed throws. */
  ofValues(values: readonly (string | null)[]): number {
    let tag = 1;
    for (let k = 0; k < this.columns.length; k++) {
      const value = values[k];
      if (value === null || value === '') continue;
      const code = this.columns[k].values.indexOf(value) + 1;
      if (code === 0) throw new Error(`${this.columns[k].name}: ${value} is not an allowed value`);
      tag += code * this.weights[k];
    }
    return tag;
  }

  /**
   * The tag of fields given as byte ranges: column k is `bytes[k]` from `starts[k]` to `ends[k]` (start
   * = end for an empty field). The bytes must already have passed the columns' checks.
   */
  ofBytes(bytes: readonly Buffer[], starts: readonly number[], ends: readonly number[]): number {
    let tag = 1;
    for (let k = 0; k < this.columns.length; k++) {
      const start = starts[k];
      if (ends[k] === start) continue;
      const code = this.codeOfBytes(k, bytes[k], start, ends[k]);
      if (code === 0) throw new Error(`${this.columns[k].name}: a value not allowed was tagged`);
      tag += code * this.weights[k];
    }
    return tag;
  }

  /** The values a tag stands for (null = empty), in `columns` order. */
  decode(tag: number): (string | null)[] {
    if (!Number.isInteger(tag) || tag < 1 || tag > MAX_TAG) throw new Error(`not a tag: ${tag}`);
    let rest = tag - 1;
    return this.columns.map((column, k) => {
      const code = Math.floor(rest / this.weights[k]);
      rest %= this.weights[k];
      if (code > column.values.length) throw new Error(`not a tag: ${tag}`);
      return code === 0 ? null : column.values[code - 1];
    });
  }

  private codeOfBytes(k: number, bytes: Buffer, start: number, end: number): number {
    const byText = this.codes[k];
    if (byText) return byText.get(bytes.toString('latin1', start, end)) ?? 0;
    const values = this.encoded[k];
    const length = end - start;
    const shapes = this.shapes[k];
    if (shapes) {
      // A few integer comparisons: cheaper than a hash look-up for the handful of values of a short list.
      const shape = shapeOf(bytes, start, end);
      for (let v = 0; v < shapes.length; v++) {
        if (shapes[v] === shape) return sameBytes(values[v], bytes, start, length) ? v + 1 : 0;
      }
      return 0;
    }
    outer: for (let v = 0; v < values.length; v++) {
      const value = values[v];
      if (value.length !== length) continue;
      for (let i = 0; i < length; i++) if (bytes[start + i] !== value[i]) continue outer;
      return v + 1;
    }
    return 0;
  }
}

function sameBytes(value: Buffer, bytes: Buffer, start: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[start + i] !== value[i]) return false;
  return true;
}
