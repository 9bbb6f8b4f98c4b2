/**
 * The real tagih, started by its composition root exactly as `npm start`
 * does, from the environment the benchmark gives it (DATA_DIR, PORT=0,
 * MIDTRANS_* pointing at a simulator, MIDTRANS_VERIFY_STATUS…). Logs go to
 * stdout, which the benchmark sends to a file, as an operator's would be.
 */
import { Readable, Writable } from 'node:stream';
import { startTagih } from '../../src/main.ts';
import { serveParent } from './parent-link.ts';

// Nobody types into a benchmark, and the start-up banner is not worth keeping.
const silence = new Writable({ write: (_chunk, _encoding, done) => done() });
const running = await startTagih(process.env, { stdin: Readable.from([]), stdout: silence });
serveParent(running.url, () => running.stop());
