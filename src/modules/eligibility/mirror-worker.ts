/** The worker side of the mirror's loading (mirror-index.ts): COPY bytes in, column stores out. */
import { parentPort } from 'node:worker_threads';
import { buildMembers, buildResidents, buildWelfare, columnBuffers, type MirrorSource } from './mirror-columns.ts';

export interface MirrorBuildRequest {
  id: number;
  source: MirrorSource;
  bytes: Uint8Array;
  asOf: string;
}

const port = parentPort!;
const decoder = new TextDecoder();

port.on('message', ({ id, source, bytes, asOf }: MirrorBuildRequest) => {
  try {
    const text = decoder.decode(bytes);
    const columns = source === 'penduduk' ? buildResidents(text) : source === 'peserta' ? buildMembers(text, asOf) : buildWelfare(text);
    port.postMessage({ id, columns }, columnBuffers(columns));
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message });
  }
});
