// Child process running the benchmark's Koji hub, so its work does not share the engine's event
// loop (a real Koji is another machine). Reads the RPM records from argv[2]; prints its URLs.
import { readFile } from 'node:fs/promises';
import { startBenchHub } from './bench-koji.mjs';

const rpms = JSON.parse(await readFile(process.argv[2], 'utf8'));
const hub = await startBenchHub(rpms);
process.stdout.write(`${JSON.stringify({ hubUrl: hub.hubUrl, topUrl: hub.topUrl })}\n`);
process.on('SIGTERM', () => hub.close().then(() => process.exit(0)));
