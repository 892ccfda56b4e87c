/**
 * Seeded accounts carry a one-time password that must be changed before the account can work. The e2e tests
 * about other screens change it through the API (as a first sign-in would) and sign in with the new one.
 */
export async function usablePassword(baseUrl: string, username: string, password: string): Promise<string> {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const res = await post('/api/v1/auth/login', { username, password });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  const session = (await res.json()) as { token: string; mustChangePassword?: boolean };
  if (!session.mustChangePassword) return password;
  const newPassword = 'Lotse-Schalter-Gespraech-2026!';
  const changed = await post('/api/v1/auth/password', { currentPassword: password, newPassword }, session.token);
  if (!changed.ok) throw new Error(`password change for ${username} failed: ${changed.status} ${await changed.text()}`);
  return newPassword;
}
