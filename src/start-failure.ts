/**
 * What went wrong at start, after the configuration was read, as one
 * sentence naming the variable to change and what to do: a busy port, an
 * address that is not this machine's, a data folder tagih cannot write. The
 * system error's own text (EADDRINUSE and a stack) helps nobody who just
 * typed `npm start`.
 */
import { AppError, isAppError } from './domain/errors.ts';
import type { Locale } from './domain/locale.ts';
import type { Phrase } from './text/catalog.ts';

class StartError extends AppError<'START_FAILED'> {
  constructor(variable: string, phrase: Phrase) {
    super('START_FAILED', phrase, { variable });
  }
}

const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** A listener that could not open: PORT/HOST for tagih, SIMULATOR_PORT/SIMULATOR_HOST for the simulator. */
export function listenFailure(err: unknown, where: { portVariable: string; hostVariable: string; host: string; port: number }): unknown {
  const { portVariable, hostVariable, host, port } = where;
  switch (codeOf(err)) {
    case 'EADDRINUSE':
      return new StartError(portVariable, (w) => w.startup.portInUse(port, portVariable));
    case 'EACCES':
      return new StartError(portVariable, (w) => w.startup.portNeedsAdmin(port, portVariable));
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartError(hostVariable, (w) => w.startup.hostNotHere(host, hostVariable));
    default:
      return err;
  }
}

/** The data folder (or a file in it) cannot be created or written. */
export function dataDirFailure(err: unknown, dataDir: string): unknown {
  const code = codeOf(err);
  if (code === undefined || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_FULL'].includes(code)) return err;
  return new StartError('DATA_DIR', (w) => w.startup.dataDirUnwritable(dataDir, code));
}

/** One line in one language: our errors say what to do; anything else shows its message, never its stack. */
export function describeStartFailure(err: unknown, locale: Locale): string {
  if (isAppError(err)) return err.say(locale);
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
