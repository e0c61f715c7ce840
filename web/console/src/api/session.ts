// The signed-in person as usulan-web describes them (GET /auth/me). The session
// itself is an HttpOnly cookie: nothing here reads or stores a token.

export const roles = [
  "village_operator",
  "village_head",
  "verifier",
  "district_officer",
  "regent",
  "province_officer",
  "central_reviewer",
  "auditor",
  "citizen",
] as const;
export type Role = (typeof roles)[number];

export interface Me {
  subject: string;
  name: string;
  role: Role;
  /** desa 10 digits, kecamatan 6, kabupaten 4, province 2, "" national. */
  region: string;
}

/** The sign-in URL that brings the person back to `path` afterwards. */
export function loginUrl(path: string): string {
  return `/auth/login?return_to=${encodeURIComponent(path)}`;
}

export function goToLogin(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(loginUrl(here));
}

/** The caller, or null when signed out (401). Throws on anything else. */
export async function fetchMe(fetchImpl: typeof fetch = fetch): Promise<Me | null> {
  const res = await fetchImpl("/auth/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`/auth/me answered ${res.status}`);
  const me = (await res.json()) as Me;
  if (!roles.includes(me.role)) throw new Error("/auth/me answered an unknown role");
  return me;
}

/**
 * Signs out with a top-level form post: usulan-web ends the session and sends the
 * browser on to the identity provider's end-session page (a fetch could not follow
 * that redirect across origins). The browser adds the Origin header usulan-web's
 * CSRF check compares.
 */
export function logout(): void {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = "/auth/logout";
  document.body.appendChild(form);
  form.submit();
}
