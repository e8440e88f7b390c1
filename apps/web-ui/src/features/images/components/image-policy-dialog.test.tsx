import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import type { ImagePolicy } from '../api/list-image-policies';
import { ImagePolicyDialog } from './image-policy-dialog';

const repositories = () =>
  gqlData({
    imageRepositories: [
      {
        id: 'r1',
        namespace: 'flotilla-system',
        name: 'app',
        image: 'registry.example.com/app',
        interval: '1m',
        exclusionList: [],
        insecure: false,
        suspend: false,
        credentialsKind: null,
        ready: 'True',
        message: 'ok',
        tags: ['1.0.0', '1.0.1'],
        lastScanResult: null,
      },
    ],
  });

const stored: ImagePolicy = {
  managedBy: null,
  id: 'p1',
  namespace: 'flux-system',
  name: 'builds',
  imageRepository: 'flux-system/app',
  policy: { numerical: { order: 'desc' } },
  filterTags: { pattern: '^main-(?P<ts>\\d+)$', extract: '$ts' },
  digestReflectionPolicy: 'Always',
  interval: '10m',
  suspend: false,
  ready: 'True',
  message: 'ok',
  labels: [{ key: 'app', value: 'web' }],
  latestRef: null,
  observedPreviousRef: null,
};

function setup(policy: ImagePolicy | null = null) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderRoute(<ImagePolicyDialog policy={policy} onClose={onClose} />);
  return { user, onClose };
}

const sent = (hub: ReturnType<typeof mockHub>, op: string) =>
  hub.requests.filter((r) => r.operationName === op).at(-1)?.variables;

describe('ImagePolicyDialog', () => {
  it('every problem on its field at once, with Flux’s schema and the hub’s compile rules, before asking the hub to save', async () => {
    const hub = mockHub({ ListImageRepositories: repositories, PreviewImagePolicy: () => gqlData({ imagePolicyPreview: { tag: null, message: 'x', tagCount: 0 } }) });
    const { user } = setup();
    await user.type(screen.getByLabelText('SemVer range'), '>=1.0 <<2');
    await user.type(screen.getByLabelText('Tag filter pattern'), '(unclosed');
    await user.selectOptions(screen.getByLabelText('Digest reflection'), 'Always');
    await user.click(screen.getByRole('button', { name: 'Add image policy' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Name is required.');
    expect(screen.getByLabelText('Image repository')).toHaveAccessibleDescription(/Choose the image repository/);
    expect(screen.getByLabelText('SemVer range')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Tag filter pattern')).toHaveAccessibleDescription(/^Invalid regular expression "\(unclosed"/);
    // Flux's CEL rule: digest reflection Always needs spec.interval.
    expect(screen.getByLabelText('Digest interval')).toHaveAccessibleDescription(/^Spec\.interval must be set when spec\.digestReflectionPolicy is set to 'Always'/);
    expect(sent(hub, 'CreateImagePolicy')).toBeUndefined();
    expect(sent(hub, 'PreviewImagePolicy')).toBeUndefined();
  });

  it('previews the tag the policy would pick from the stored tags, then creates it with Flux’s field names', async () => {
    const hub = mockHub({
      ListImageRepositories: repositories,
      PreviewImagePolicy: (req) =>
        gqlData({
          imagePolicyPreview: {
            tag: (req.variables?.input as { policy: { semver?: unknown } }).policy.semver ? '1.0.1' : null,
            message: 'Latest image tag for registry.example.com/app resolved to 1.0.1',
            tagCount: 2,
          },
        }),
      CreateImagePolicy: () => gqlData({ createImagePolicy: { ...stored, id: 'p9' } }),
    });
    const { user, onClose } = setup();
    await user.type(screen.getByLabelText('Name'), 'app');
    await waitFor(() => expect(screen.getByRole('option', { name: 'flotilla-system/app' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Image repository'), 'flotilla-system/app');
    await user.type(screen.getByLabelText('SemVer range'), '~1.0');
    await waitFor(() => expect(screen.getByTestId('image-policy-preview')).toHaveTextContent('Would pick 1.0.1 of 2 stored tags.'));
    expect(sent(hub, 'PreviewImagePolicy')).toEqual({
      input: { namespace: 'flotilla-system', imageRepositoryRef: { namespace: 'flotilla-system', name: 'app' }, policy: { semver: { range: '~1.0' } } },
    });
    await user.click(screen.getByRole('button', { name: 'Add image policy' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(hub, 'CreateImagePolicy')).toEqual({
      input: {
        namespace: 'flotilla-system',
        name: 'app',
        labels: [],
        imageRepositoryRef: { namespace: 'flotilla-system', name: 'app' },
        policy: { semver: { range: '~1.0' } },
        filterTags: null,
        digestReflectionPolicy: 'Never',
        interval: null,
        suspend: false,
      },
    });
  });

  it('edits a stored policy as it is (order, filter, digest reflection, labels) and places a hub refusal on its field', async () => {
    const hub = mockHub({
      ListImageRepositories: repositories,
      PreviewImagePolicy: () => gqlData({ imagePolicyPreview: { tag: 'main-3', message: 'ok', tagCount: 4 } }),
      UpdateImagePolicy: () => gqlError('BAD_USER_INPUT', 'filterTags.pattern: too slow', 'filterTags.pattern'),
    });
    const { user } = setup(stored);
    expect(screen.getByLabelText('Order')).toHaveValue('desc');
    expect(screen.getByLabelText('Digest interval')).toHaveValue('10m');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Tag filter pattern')).toHaveAccessibleDescription('Too slow.'));
    expect(sent(hub, 'UpdateImagePolicy')).toMatchObject({
      id: 'p1',
      input: {
        namespace: 'flux-system',
        name: 'builds',
        labels: [{ key: 'app', value: 'web' }],
        imageRepositoryRef: { namespace: 'flux-system', name: 'app' },
        policy: { numerical: { order: 'desc' } },
        filterTags: { pattern: '^main-(?P<ts>\\d+)$', extract: '$ts' },
        digestReflectionPolicy: 'Always',
        interval: '10m',
      },
    });
  });
});
