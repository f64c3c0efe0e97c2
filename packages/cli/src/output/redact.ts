/**
 * Last line of defence before text reaches the terminal: core's own errors never contain secrets,
 * but a driver's message (or a third-party plugin's) might quote a connection string.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd)\s*=\s*('[^']*'|"[^"]*"|[^\s;&]+)/gi;

export function redact(text: string): string {
  return text.replace(URL_PASSWORD, '$1:***@').replace(KEY_VALUE_PASSWORD, '$1=***');
}

/** Collapses a possibly multi-line message to one line, ending each former line as a sentence. */
export function oneLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.reduce(
    (joined, line) => (joined === '' ? line : `${joined}${/[.:;,!?]$/.test(joined) ? '' : '.'} ${line}`),
    '',
  );
}
