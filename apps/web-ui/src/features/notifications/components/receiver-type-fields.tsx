import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';

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

/** A Receiver's type and the event types it takes: the same two fields in the add and edit forms. */
export function ReceiverTypeFields(props: {
  type: string;
  events: string;
  onType: (type: string) => void;
  onEvents: (events: string) => void;
}) {
  return (
    <>
      <SelectField label="Type" value={props.type} onChange={(e) => props.onType(e.target.value)}>
        {RECEIVER_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      <TextField
        label="Events"
        hint="Comma-separated event types (github, gitlab, bitbucket, cdevents); empty takes all."
        value={props.events}
        onChange={(e) => props.onEvents(e.target.value)}
      />
    </>
  );
}
