import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

@Injectable()
export class IdGenerator {
  id(): string {
    return randomUUID();
  }

  /** A high-entropy secret with a type prefix (`flr_`, `flc_`, `flt_`, `fls_`) so leaked values are recognisable. */
  secret(prefix: 'flr' | 'flc' | 'flt' | 'fls' | 'csrf'): string {
    return `${prefix}_${randomBytes(32).toString('base64url')}`;
  }

  /** A one-time password a person types once (20 characters, 120 bits), so no prefix. */
  password(): string {
    return randomBytes(15).toString('base64url');
  }
}
