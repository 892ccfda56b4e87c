/**
 * Where a webhook (or an appointment source) may point: https, or http only where the admin allowed it for this
 * target. No user:password in the address (it would end up in logs and the admin page).
 */
export function targetProblem(raw: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid address';
  }
  if (url.username || url.password) return 'the address must not contain a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return allowHttp ? undefined : 'plain http is allowed only when the admin allows it for this address';
  return `protocol ${url.protocol} is not allowed (https only)`;
}
