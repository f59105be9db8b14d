/** What an app started by a parent over IPC tells it once it serves. */
export interface ReadyMessage {
  ready: true;
  /** The port the API listens on (it may have been given port 0). */
  port?: number;
}

/**
 * For a process started by a parent with an IPC channel (the simulation, the e2e tests): tells
 * the parent that the app is up, and stops when the parent goes away, so that a parent that
 * dies leaves no orphan. Stopping is a SIGTERM to itself: the app's shutdown hooks then close
 * it once, the same way as when a supervisor or the parent stops it. Under a supervisor
 * without IPC (npm start, Docker, systemd) there is no channel and nothing happens.
 */
export function reportReadyToParent(details: Omit<ReadyMessage, 'ready'> = {}): void {
  if (!process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.send({ ready: true, ...details } satisfies ReadyMessage);
}
