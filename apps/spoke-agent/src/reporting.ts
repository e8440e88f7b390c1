// What carries the agent's reports to the hub, for tests that push a report stream of their own through the
// agent's own code: the on-disk outbox, the report channel that answers acks and refusals, one connection.
export { Outbox, type Batch, type EventItem, type StatusItem } from './outbox/outbox.js';
export { ReportChannel } from './outbox/report-channel.js';
export { runConnection, type ConnectionOutcome, type ConnectionSession } from './connection/run-connection.js';
export { openSocketIoHubLink } from './connection/hub-link.js';
export { createJsonLogger, type Logger } from './logging/logger.js';
export { registerWithHub } from './registration/register-with-hub.js';
