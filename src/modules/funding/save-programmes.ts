/**
 * Use case: save the district's programmes file (created, edited or imported in the page, or through the
 * API). Parse (usage errors name the field; nothing written) → authorise → one transaction with the new
 * version and its `programmes.save` audit record.
 */
import type { Database } from '../../db/client.ts';
import { type Programmes, parseProgrammes, type UsageError } from '../../domain/funding/programmes.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import { storeProgrammes } from './programmes-repository.ts';

/** A programmes file that does not parse: every usage error, each with its field path and reason. */
export class ProgrammesInputError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: UsageError[]) {
    super(errors.map((e) => `${e.path || '(file)'}: ${e.reason}`).join('; '));
  }
}

/** Parses a programmes file or throws ProgrammesInputError. */
export function programmesOrThrow(json: unknown): Programmes {
  const parsed = parseProgrammes(json);
  if (!parsed.ok) throw new ProgrammesInputError(parsed.errors);
  return parsed.value;
}

export async function saveProgrammes(
  db: Database,
  input: { districtCode: string; programmes: unknown; via?: 'edit' | 'import' },
  actor: Actor,
): Promise<{ programmes: Programmes; version: number }> {
  const programmes = programmesOrThrow(input.programmes);
  authorise(actor, 'PUT /api/v1/programmes');
  return db.transaction(async (tx) => {
    const version = await storeProgrammes(tx, input.districtCode, programmes, actor.username);
    await recordAudit(tx, {
      districtCode: input.districtCode,
      userId: actor.userId,
      username: actor.username,
      action: 'programmes.save',
      subject: `programmes:${version}`,
      detail: {
        via: input.via ?? 'edit',
        programs: programmes.programs.map((p) => p.code),
        budgets: programmes.budgets,
        ...(actor.via === 'web' ? {} : { actor: actor.via }),
      },
      ip: actor.ip,
    });
    return { programmes, version };
  });
}
