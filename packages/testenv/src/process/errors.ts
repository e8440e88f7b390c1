// A test environment part that failed: the message carries the part's own log tail, so a failing test
// shows why etcd or kube-apiserver died without anyone having to dig through temp directories.
export class TestenvError extends Error {
  constructor(
    message: string,
    readonly component?: string,
    readonly logTail?: string,
  ) {
    super(logTail ? `${message}\n--- last lines of the ${component ?? 'process'} log ---\n${logTail}` : message);
    this.name = 'TestenvError';
  }
}
