/**
 * Colours for the terminal, and plain text everywhere else. picocolors on its own also colours
 * when CI is set or output is piped with FORCE_COLOR=0; a board piped to a file or read in a CI
 * log should be plain text.
 */
import picocolors from 'picocolors';

function wantsColor(): boolean {
  const { NO_COLOR, FORCE_COLOR, TERM } = process.env;
  if (NO_COLOR) return false;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  return Boolean(process.stdout.isTTY) && TERM !== 'dumb';
}

export const pc = picocolors.createColors(wantsColor());
