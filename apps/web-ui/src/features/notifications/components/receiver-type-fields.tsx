import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { serverFieldError } from './server-field-error';

/** The Receiver types the hub checks, most used first (the hub's own list is in the protocol package). */
const RECEIVER_TYPES = [
  'github',
  'gitlab',
  'bitbucket',
  'generic',
  'generic-hmac',
  'harbor',
  'dockerhub',
  'quay',
  'nexus',
  'acr',
  'gcr',
  'cdevents',
];

export interface ReceiverTypeState {
  type: string;
  events: string;
  gcrAudience: string;
  gcrEmail: string;
}

/**
 * A Receiver's type, the event types it takes, and for gcr the token audience and service account it checks:
 * the same fields in the add and edit forms.
 */
export function ReceiverTypeFields(props: {
  value: ReceiverTypeState;
  onChange: (patch: Partial<ReceiverTypeState>) => void;
  error: unknown;
}) {
  const { value: v, onChange } = props;
  return (
    <>
      <SelectField
        label="Type"
        value={v.type}
        onChange={(e) => onChange({ type: e.target.value })}
        error={serverFieldError(props.error, 'type')}
      >
        {RECEIVER_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      <TextField
        label="Events"
        hint="Comma-separated event types (github, gitlab, bitbucket, cdevents); empty takes all."
        value={v.events}
        onChange={(e) => onChange({ events: e.target.value })}
      />
      {v.type === 'gcr' && (
        <>
          <TextField
            label="Token audience"
            hint="The audience of the Pub/Sub push subscription’s token."
            value={v.gcrAudience}
            onChange={(e) => onChange({ gcrAudience: e.target.value })}
            error={serverFieldError(props.error, 'gcrAudience')}
            required
          />
          <TextField
            label="Service account email"
            hint="The service account the push subscription authenticates as."
            value={v.gcrEmail}
            onChange={(e) => onChange({ gcrEmail: e.target.value })}
            error={serverFieldError(props.error, 'gcrEmail')}
            required
          />
        </>
      )}
    </>
  );
}

/** The gcr fields are sent for gcr only (the hub refuses them on other types). */
export const gcrInput = (v: ReceiverTypeState) =>
  v.type === 'gcr' ? { gcrAudience: v.gcrAudience.trim(), gcrEmail: v.gcrEmail.trim() } : {};
