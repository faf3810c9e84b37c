/**
 * Reads PostgreSQL's binary COPY format (COPY … TO … WITH (FORMAT binary)): raw values, no text to
 * decode, which suits bytea. Pure.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Each row's fields (null for SQL NULL) as views into `bytes`, in the order COPY wrote them. */
export function binaryCopyRows(bytes: Uint8Array): (Uint8Array | null)[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < SIGNATURE.length + 8 || !SIGNATURE.equals(bytes.subarray(0, SIGNATURE.length))) {
    throw new Error('not a binary COPY: the signature is missing');
  }
  let at = SIGNATURE.length + 4; // the flags
  at += 4 + view.getInt32(at); // the header extension
  const rows: (Uint8Array | null)[][] = [];
  for (;;) {
    if (at + 2 > bytes.length) throw new Error('binary COPY ends without its trailer');
    const fields = view.getInt16(at);
    at += 2;
    if (fields === -1) return rows;
    const row: (Uint8Array | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const length = view.getInt32(at);
      at += 4;
      if (length < 0) row.push(null);
      else {
        if (at + length > bytes.length) throw new Error('binary COPY ends inside a value');
        row.push(bytes.subarray(at, at + length));
        at += length;
      }
    }
    rows.push(row);
  }
}
