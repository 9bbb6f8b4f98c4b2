/**
 * Reading library errors without trusting them: Baileys throws Boom errors
 * whose `data` may hold protocol nodes, so logs get only name and message,
 * and callers branch on the status code.
 */

/** An error's name and message, safe to log. */
export function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

/** A Boom error's HTTP-like status (`output.statusCode`), or its numeric `data` (WhatsApp's error code). */
export function boomStatus(err: unknown): { statusCode: number | null; data: number | null } {
  if (typeof err !== 'object' || err === null) return { statusCode: null, data: null };
  const output = 'output' in err && typeof err.output === 'object' && err.output !== null ? err.output : null;
  const statusCode = output && 'statusCode' in output && typeof output.statusCode === 'number' ? output.statusCode : null;
  const data = 'data' in err && typeof err.data === 'number' ? err.data : null;
  return { statusCode, data };
}
