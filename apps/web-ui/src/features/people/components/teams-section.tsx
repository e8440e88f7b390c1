import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import { useCreateTeam } from '../api/create-team';
import type { UserAccount } from '../api/people-types';
import { useTeams } from '../api/list-teams';
import { TeamCard } from './team-card';

/** Teams of the People page: each member holds the team's grants on top of their own role. */
export function TeamsSection({ users }: { users: readonly UserAccount[] }) {
  const teams = useTeams();
  const create = useCreateTeam();
  const [name, setName] = useState('');
  const nameError = isApiError(create.error) && create.error.field === 'name' ? create.error.message : null;
  return (
    <section aria-label="Teams" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card title="Teams">
        <p style={{ marginTop: 0 }}>
          A team grants its members a role on the clusters whose labels match a selector, optionally only in some
          namespaces. A member's permission is the highest of their own role and their teams' grants.
        </p>
        <form
          aria-label="New team"
          style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { name },
              {
                onSuccess: (team) => {
                  showToast(`Team ${team.name} created`);
                  setName('');
                },
              },
            );
          }}
        >
          <TextField label="New team" value={name} onChange={(e) => setName(e.target.value)} error={nameError} required />
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create team
          </Button>
        </form>
        {create.error && !nameError && <ErrorAlert error={create.error} title="Could not create the team" />}
      </Card>
      {teams.isPending ? (
        <SkeletonRows />
      ) : teams.isError ? (
        <ErrorAlert error={teams.error} title="Could not load teams" />
      ) : teams.data.length === 0 ? (
        <EmptyState icon="👥" title="No teams yet">
          Create one above, then add members and grants.
        </EmptyState>
      ) : (
        teams.data.map((team) => <TeamCard key={team.id} team={team} users={users} />)
      )}
    </section>
  );
}
