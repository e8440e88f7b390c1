import bcrypt from 'bcryptjs';

// distribution's htpasswd backend accepts bcrypt entries only. Cost 4 (the minimum) because the registry
// runs a bcrypt comparison on every request and a test registry guards nothing worth the CPU.
export function htpasswdLine(username: string, password: string): string {
  return `${username}:${bcrypt.hashSync(password, 4)}\n`;
}
