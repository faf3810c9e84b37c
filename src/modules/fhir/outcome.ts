/** FHIR errors: every failure on `/fhir` is an OperationOutcome with the HTTP status that fits it. */

/** The FHIR R4 issue types this server uses (http://hl7.org/fhir/R4/valueset-issue-type.html). */
export type IssueType = 'invalid' | 'required' | 'value' | 'not-supported' | 'login' | 'forbidden' | 'not-found' | 'exception';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error'; code: IssueType; diagnostics: string }[];
}

export function operationOutcome(code: IssueType, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** Thrown anywhere on the FHIR path; the FHIR error handler answers with its status and outcome. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueType,
    diagnostics: string,
  ) {
    super(diagnostics);
  }

  get outcome(): OperationOutcome {
    return operationOutcome(this.code, this.message);
  }
}
