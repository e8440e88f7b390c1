import { z } from 'zod';
import { badInput } from '../common/domain-error.js';
import { AUDIT_ACTIONS } from './audit.service.js';

/** What the audit reader and the export select by; every part optional, all parts must match. */
export interface AuditFilter {
  /** The actor's name as recorded (a username, `agent:<cluster>`, or the username a failed login tried). */
  actor?: string;
  action?: (typeof AUDIT_ACTIONS)[number];
  targetType?: string;
  targetId?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** Entries before this instant. */
  until?: Date;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

/** The one validation of a filter, for GraphQL arguments and the export's query string alike. */
const filterSchema = z
  .object({
    actor: text(128),
    action: z.enum(AUDIT_ACTIONS),
    targetType: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a target type is a word like user, cluster or apiToken'),
    targetId: text(128),
    since: instant,
    until: instant,
  })
  .partial()
  .refine((f) => !f.since || !f.until || f.since.getTime() < f.until.getTime(), { message: 'since must be before until', path: ['until'] });

/** Drops empty values (an empty URL parameter means "any"), validates the rest; `prefix` names the fields in errors. */
export function parseAuditFilter(raw: Record<string, unknown>, prefix: string): AuditFilter {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const parsed = filterSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(`${prefix}${issue.path.join('.')}`, issue.message);
  }
  return parsed.data;
}
