/** Structured one-line JSON logs (CloudWatch-friendly). Callers pass paths, never query strings: those may hold tokens. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

const threshold: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const wanted = (process.env.LOG_LEVEL as Level | undefined) ?? (process.env.STAGE === 'local' ? 'warn' : 'info');
  if (threshold[level] < (threshold[wanted] ?? 20)) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}
