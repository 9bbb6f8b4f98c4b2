/**
 * What went wrong at start, after the configuration was read, as one
 * sentence naming the variable to change and what to do: a busy port, an
 * address that is not this machine's, a data folder tagih cannot write. The
 * system error's own text (EADDRINUSE and a stack) helps nobody who just
 * typed `npm start`.
 */
import { AppError, isAppError } from './domain/errors.ts';
import type { Locale, Text } from './domain/locale.ts';

class StartError extends AppError<'START_FAILED'> {
  constructor(variable: string, text: Text) {
    super('START_FAILED', text, { variable });
  }
}

const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** A listener that could not open: PORT/HOST for tagih, SIMULATOR_PORT/SIMULATOR_HOST for the simulator. */
export function listenFailure(err: unknown, where: { portVariable: string; hostVariable: string; host: string; port: number }): unknown {
  const { portVariable, hostVariable, host, port } = where;
  switch (codeOf(err)) {
    case 'EADDRINUSE':
      return new StartError(portVariable, {
        id: `Port ${port} sudah dipakai program lain (mungkin tagih yang masih berjalan): hentikan program itu, atau set ${portVariable} ke port lain.`,
        en: `Port ${port} is already in use (perhaps by a tagih still running): stop that program, or set ${portVariable} to another port.`,
      });
    case 'EACCES':
      return new StartError(portVariable, {
        id: `Port ${port} hanya boleh dibuka administrator: set ${portVariable} ke 1024 atau lebih.`,
        en: `Port ${port} needs administrator rights: set ${portVariable} to 1024 or higher.`,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartError(hostVariable, {
        id: `Alamat ${host} bukan milik mesin ini: set ${hostVariable} ke 127.0.0.1 (mesin ini saja) atau 0.0.0.0 (semua jaringan).`,
        en: `${host} is not an address of this machine: set ${hostVariable} to 127.0.0.1 (this machine only) or 0.0.0.0 (every network).`,
      });
    default:
      return err;
  }
}

/** The data folder (or a file in it) cannot be created or written. */
export function dataDirFailure(err: unknown, dataDir: string): unknown {
  const code = codeOf(err);
  if (code === undefined || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_FULL'].includes(code)) return err;
  return new StartError('DATA_DIR', {
    id: `Folder data ${dataDir} tidak bisa ditulisi (${code}): periksa izin dan ruang disknya, atau set DATA_DIR ke folder lain.`,
    en: `The data folder ${dataDir} cannot be written (${code}): check its permissions and free space, or set DATA_DIR to another folder.`,
  });
}

/** One line in one language: our errors say what to do; anything else shows its message, never its stack. */
export function describeStartFailure(err: unknown, locale: Locale): string {
  if (isAppError(err)) return err.say(locale);
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
