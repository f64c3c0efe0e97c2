/** The JSON object a child script prints on its last line of output ({} when there is none). */
export function lastJson(stdout) {
  const line = stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line || '{}');
  } catch {
    return {};
  }
}
