import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import type { Role } from '../../../lib/auth/viewer';
import { isApiError } from '../../../lib/api-error';
import { useAddTeamGrant } from '../api/add-team-grant';
import { RoleSelect } from './role-select';

/** A new grant: a role on the clusters a label selector matches, optionally in some namespaces only. */
export function TeamGrantForm({ teamId, teamName }: { teamId: string; teamName: string }) {
  const add = useAddTeamGrant();
  const [role, setRole] = useState<Role>('VIEWER');
  const [selector, setSelector] = useState('');
  const [namespaces, setNamespaces] = useState('');
  const fieldError = (prefix: string) =>
    isApiError(add.error) && add.error.field?.startsWith(prefix) ? add.error.message : null;
  return (
    <form
      aria-label={`Add a grant to ${teamName}`}
      style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}
      onSubmit={(e) => {
        e.preventDefault();
        const list = namespaces.split(',').map((n) => n.trim()).filter(Boolean);
        add.mutate(
          { input: { teamId, role, clusterSelector: selector, namespaces: list } },
          {
            onSuccess: () => {
              setSelector('');
              setNamespaces('');
            },
          },
        );
      }}
    >
      <RoleSelect label="Grant role" value={role} onChange={setRole} />
      <TextField
        label="On clusters matching"
        value={selector}
        onChange={(e) => setSelector(e.target.value)}
        hint="A label selector such as env=dev; empty: every cluster"
        error={fieldError('input.clusterSelector')}
        mono
      />
      <TextField
        label="In namespaces"
        value={namespaces}
        onChange={(e) => setNamespaces(e.target.value)}
        hint="Comma-separated; empty: every namespace"
        error={fieldError('input.namespaces')}
        mono
      />
      <div style={{ paddingTop: 22 }}>
        <Button type="submit" busy={add.isPending}>
          Add grant
        </Button>
      </div>
      {add.error && !fieldError('input.') && <ErrorAlert error={add.error} title="Could not add the grant" />}
    </form>
  );
}
