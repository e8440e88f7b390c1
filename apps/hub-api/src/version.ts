/** The hub's release, shown by GET /healthz and `flotilla version`. */
export const HUB_VERSION = '0.1.0';
