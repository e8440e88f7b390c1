/** The Receiver types the hub checks, most used first (the hub's own list is in the protocol package). */
export const RECEIVER_TYPES = [
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
