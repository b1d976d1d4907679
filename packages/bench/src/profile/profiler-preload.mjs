// Loaded with `node --import` into the server being profiled, before its own code. It starts and
// stops V8's sampling profiler when the benchmark says so over the IPC channel, so the profile
// covers the load and nothing else (not the start-up, not the wait before the first request).
// The IPC channel, and not a signal, so it works the same on Windows.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const session = new Session();
session.connect();
// The channel must not keep a server alive that would otherwise end.
process.channel?.unref();

process.on('message', async (message) => {
  if (message?.profile === 'start') {
    await session.post('Profiler.enable');
    // One sample every 100 µs: a request takes about 100 µs here, and the default (1 ms) would
    // see too few of them in a few seconds.
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    process.send({ profile: 'started' });
  } else if (message?.profile === 'stop') {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(profile));
    process.send({ profile: 'written' });
  }
});
