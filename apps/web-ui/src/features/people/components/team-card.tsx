import { useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { ROLE_LABEL } from '../../../lib/auth/authorization';
import { describeError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import { useAddTeamMember } from '../api/add-team-member';
import { useDeleteTeam } from '../api/delete-team';
import type { Team, UserAccount } from '../api/people-types';
import { useRemoveTeamGrant } from '../api/remove-team-grant';
import { useRemoveTeamMember } from '../api/remove-team-member';
import { useRenameTeam } from '../api/rename-team';
import { TeamGrantForm } from './team-grant-form';
import styles from '../../../components/table.module.css';

const onError = (err: unknown) => showToast(describeError(err), 'error', 8000);

/** One team: its name, members and grants, each changed in place. */
export function TeamCard({ team, users }: { team: Team; users: readonly UserAccount[] }) {
  const rename = useRenameTeam();
  const remove = useDeleteTeam();
  const addMember = useAddTeamMember();
  const removeMember = useRemoveTeamMember();
  const removeGrant = useRemoveTeamGrant();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [newMember, setNewMember] = useState('');
  const candidates = users.filter((u) => !team.members.some((m) => m.userId === u.id));
  return (
    <div data-team={team.name}>
      <Card
        title={`Team ${team.name}`}
        actions={
          <>
            <Button size="sm" variant="ghost" onClick={() => setRenaming(team.name)}>
              Rename
            </Button>
            <Button size="sm" variant="danger" onClick={() => setDeleting(true)} aria-label={`Delete team ${team.name}`}>
              Delete
            </Button>
          </>
        }
      >
        {renaming !== null && (
          <form
            aria-label={`Rename team ${team.name}`}
            style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginBottom: 12 }}
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate({ id: team.id, name: renaming }, { onSuccess: () => setRenaming(null), onError });
            }}
          >
            <TextField label="Name" value={renaming} onChange={(e) => setRenaming(e.target.value)} required />
            <Button type="submit" variant="primary" busy={rename.isPending}>
              Save
            </Button>
            <Button onClick={() => setRenaming(null)}>Cancel</Button>
          </form>
        )}
        <h3 style={{ fontSize: 14, margin: '0 0 8px' }}>Members</h3>
        {team.members.length === 0 ? (
          <p className={styles.muted}>No members yet.</p>
        ) : (
          <ul aria-label={`Members of ${team.name}`} style={{ listStyle: 'none', padding: 0, margin: '0 0 8px', display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {team.members.map((m) => (
              <li key={m.userId}>
                {m.username}{' '}
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove ${m.username} from ${team.name}`}
                  onClick={() => removeMember.mutate({ teamId: team.id, userId: m.userId }, { onError })}
                >
                  ✕
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form
          aria-label={`Add a member to ${team.name}`}
          style={{ display: 'flex', gap: 8, alignItems: 'flex-end', marginBottom: 16 }}
          onSubmit={(e) => {
            e.preventDefault();
            if (newMember) addMember.mutate({ teamId: team.id, userId: newMember }, { onSuccess: () => setNewMember(''), onError });
          }}
        >
          <SelectField label="Add member" value={newMember} onChange={(e) => setNewMember(e.target.value)}>
            <option value="">Choose a user…</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </SelectField>
          <Button type="submit" disabled={!newMember} busy={addMember.isPending}>
            Add
          </Button>
        </form>
        <h3 style={{ fontSize: 14, margin: '0 0 8px' }}>Grants</h3>
        {team.grants.length > 0 && (
          <table className={styles.table} aria-label={`Grants of ${team.name}`}>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Clusters</th>
                <th scope="col">Namespaces</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {team.grants.map((g) => (
                <tr key={g.id}>
                  <td>{ROLE_LABEL[g.role]}</td>
                  <td>{g.clusterSelector ? <code>{g.clusterSelector}</code> : 'every cluster'}</td>
                  <td>{g.namespaces.length ? g.namespaces.join(', ') : 'every namespace'}</td>
                  <td className={styles.num}>
                    <Button size="sm" variant="dangerOutline" onClick={() => removeGrant.mutate({ id: g.id }, { onError })}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <TeamGrantForm teamId={team.id} teamName={team.name} />
      </Card>
      {deleting && (
        <ConfirmDialog
          open
          onClose={() => setDeleting(false)}
          title={`Delete team ${team.name}?`}
          description="Its members lose its grants from their next request; their own roles stay."
          confirmLabel="Delete team"
          mutation={remove}
          variables={{ id: team.id }}
          successToast={`Team ${team.name} deleted`}
          errorTitle="Could not delete the team"
        />
      )}
    </div>
  );
}
