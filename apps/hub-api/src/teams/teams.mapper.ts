import type { Role } from '@flotilla/prisma/client';
import type { TeamObject } from './dto/team.object.js';

export interface TeamRow {
  id: string;
  name: string;
  createdAt: Date;
  members: { user: { id: string; username: string } }[];
  grants: { id: string; role: Role; clusterSelector: string; namespaces: string[] }[];
}

export const toTeamObject = (row: TeamRow): TeamObject => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  members: row.members.map((m) => ({ userId: m.user.id, username: m.user.username })).sort((a, b) => a.username.localeCompare(b.username)),
  grants: row.grants.map((g) => ({ id: g.id, role: g.role, clusterSelector: g.clusterSelector, namespaces: g.namespaces })),
});
