import { badInput } from '../common/domain-error.js';

/** Every password a person chooses (the first admin's, one set by an admin, one's own): 8 to 1024 characters. */
export const PASSWORD_MIN_LENGTH = 8;
/** The login endpoint takes no longer passwords, so none may be set. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Refuses a password a person chose that breaks the rules; `field` names the input at fault. */
export function checkPassword(password: string, username: string, field: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw badInput(field, `a password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (password.toLowerCase() === username.toLowerCase()) throw badInput(field, 'a password must differ from the username');
}

/** A username: local accounts and those an OpenID provider signs in (its claim, lowercased) alike. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
