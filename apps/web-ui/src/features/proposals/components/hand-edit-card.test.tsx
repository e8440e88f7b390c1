import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { Proposal } from '../api/get-proposal';
import { HandEditCard } from './hand-edit-card';
import { ReviewCard } from './review-card';

const before = 'image: reg/app:1.0.0 # {"$imagepolicy": "flux-system:app"}\n';
const after = 'image: reg/app:1.0.1 # {"$imagepolicy": "flux-system:app"}\n';

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  id: 'pr1',
  automation: 'flux-system/apps',
  fleetEdit: null,
  state: 'open',
  baseBranch: 'main',
  headBranch: 'flotilla/update-apps',
  baseCommit: 'a'.repeat(40),
  headCommit: 'b'.repeat(40),
  message: 'Update',
  requiredApprovals: 1,
  rejectedReason: null,
  mergedCommit: null,
  closedBy: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  closedAt: null,
  forgeUrl: null,
  forgeNumber: null,
  forgeError: null,
  files: [{ path: 'apps/app.yaml', diff: '', before, after }],
  imageChanges: [],
  clusterDiffs: [],
  approvals: [],
  manualEdits: [],
  conflictFiles: [],
  rollout: [],
  ...over,
});

const viewer = (username: string) => () =>
  gqlData({ viewer: { id: 'u1', username, role: 'OPERATOR', highestRole: 'OPERATOR', passwordChangeRequired: false } });

describe('hand edits on the proposal page', () => {
  it('edits a changed file on the proposal’s branch, starting from its content there, saying plainly that the editor may not approve', async () => {
    const edited = 'image: reg/app:1.0.1 # {"$imagepolicy": "flux-system:app"}\nreplicas: 3\n';
    const hub = mockHub({
      EditUpdateProposalFile: () =>
        gqlData({ editUpdateProposalFile: proposal({ manualEdits: [{ path: 'apps/app.yaml', username: 'dev', at: new Date().toISOString() }] }) }),
    });
    const user = userEvent.setup();
    renderRoute(<HandEditCard proposal={proposal()} />);
    expect(screen.getByText(/you will not be able to approve this proposal yourself: someone else must/)).toBeInTheDocument();
    const editor = screen.getByLabelText('Content of apps/app.yaml on flotilla/update-apps');
    expect(editor).toHaveValue(after);
    await user.type(editor, 'replicas: 3\n');
    await user.click(screen.getByRole('button', { name: 'Save edit' }));
    await waitFor(() => expect(hub.requests.some((r) => r.operationName === 'EditUpdateProposalFile')).toBe(true));
    expect(hub.requests.find((r) => r.operationName === 'EditUpdateProposalFile')?.variables).toEqual({ id: 'pr1', path: 'apps/app.yaml', content: edited });
  });

  it('the hub’s refusal is shown in its own words', async () => {
    mockHub({ EditUpdateProposalFile: () => gqlError('PROPOSAL_STATE', 'the proposal is merged; only one in flight can be edited') });
    const user = userEvent.setup();
    renderRoute(<HandEditCard proposal={proposal()} />);
    await user.click(screen.getByRole('button', { name: 'Save edit' }));
    expect(await screen.findByText('the proposal is merged; only one in flight can be edited')).toBeInTheDocument();
  });

  it('who edited by hand sees why they cannot approve, and Approve is off for them; someone else may approve', async () => {
    const edits = [{ path: 'apps/app.yaml', username: 'dev', at: new Date().toISOString() }];
    mockHub({ Viewer: viewer('dev') });
    const { unmount } = renderRoute(<ReviewCard proposal={proposal({ manualEdits: edits })} />);
    expect(await screen.findByText(/You edited it by hand \(apps\/app\.yaml\): someone else must approve it/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    unmount();
    mockHub({ Viewer: viewer('lead') });
    renderRoute(<ReviewCard proposal={proposal({ manualEdits: edits })} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled());
    expect(screen.queryByText(/You cannot approve this proposal/)).toBeNull();
  });
});
