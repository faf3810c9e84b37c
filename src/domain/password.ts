/**
 * The rule for a new password (issue #13, "Security baseline"): at least 10 characters and not the
 * username in any case. Existing passwords are not re-checked: the rule applies when one is set.
 */

export const MIN_PASSWORD_LENGTH = 10;
/** What the login accepts: a longer password could be set but never used. */
export const MAX_PASSWORD_LENGTH = 1000;

/** Why `password` may not be set for `username` (English, starting with the field), or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  // Characters as a person counts them (code points), not UTF-16 units.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `password: at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length})`;
  if (length > MAX_PASSWORD_LENGTH) return `password: at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'password: must not be the username';
  return null;
}
