// The two cookies of usulan-web. Both are __Host- cookies (Secure, Path=/, no
// Domain: only this origin's host gets them) and HttpOnly (no script reads
// them). The session cookie is SameSite=Strict: no request from another site
// carries it. The login cookie, which carries the sealed state, nonce and PKCE
// verifier of one sign-in for 10 minutes, is SameSite=Lax because the identity
// provider's redirect back to /auth/callback is a cross-site navigation.
export const SESSION_COOKIE = "__Host-usulan-session";
export const LOGIN_COOKIE = "__Host-usulan-login";

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

export function loginCookie(value: string): string {
  return `${LOGIN_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600`;
}

export function clearedCookie(name: string): string {
  return `${name}=; Path=/; Secure; HttpOnly; SameSite=${name === LOGIN_COOKIE ? "Lax" : "Strict"}; Max-Age=0`;
}
