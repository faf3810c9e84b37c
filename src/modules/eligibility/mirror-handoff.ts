/**
 * Column stores an import built for the mirror on its own worker, as it loaded the rows, waiting in
 * this process for the mirror's next rebuild. The rebuild then takes them instead of reading back the
 * table just written (1.4 M rows through COPY, parsed again), which on a server held a core while the
 * desks were being answered.
 *
 * Only a process that holds a mirror (the server's eligibility service) asks for them; an import
 * elsewhere (the command line) does not build them.
 */
import type { MirrorColumns, MirrorSource } from './mirror-columns.ts';

/** The latest columns offered per source, with the batch table they are the rows of. */
const offered = new Map<MirrorSource, { table: string; columns: MirrorColumns }>();
let holders = 0;

/** A mirror in this process takes columns from imports, until the returned function is called. */
export function takeColumnsFromImports(): () => void {
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) offered.clear();
  };
}

/** Whether an import in this process should build the mirror's columns of the rows it loads. */
export function mirrorWantsColumns(): boolean {
  return holders > 0;
}

/**
 * Offers the columns of batch table `table`, before it becomes current: a rebuild that finds that
 * table current takes them. Replaces any earlier offer of the source (its table never became current,
 * or has been replaced).
 */
export function offerMirrorColumns(source: MirrorSource, table: string, columns: MirrorColumns): void {
  if (holders > 0) offered.set(source, { table, columns });
}

/** Drops the offer of `table` (its import failed). */
export function withdrawMirrorColumns(source: MirrorSource, table: string): void {
  if (offered.get(source)?.table === table) offered.delete(source);
}

/** The columns offered for `table`, once: null if none. */
export function takeMirrorColumns(source: MirrorSource, table: string): MirrorColumns | null {
  const offer = offered.get(source);
  if (offer?.table !== table) return null;
  offered.delete(source);
  return offer.columns;
}
