/**
 * Removes credentials from text bound for the model or the log: the password
 * part of any connection URL, `password=` key-value pairs, and every password
 * this server was configured with, wherever it appears.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => {
    let clean = text
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, '$1***@')
      .replace(/\b(password|passwd|pwd)\s*=\s*('[^']*'|"[^"]*"|\S+)/gi, '$1=***');
    for (const secret of known) clean = clean.split(secret).join('***');
    return clean;
  };
}
