// oidc-provider configured as the development identity provider: authorization
// code + PKCE only, JWT access tokens for one resource (audience `usulan`)
// signed with the key usulan-server trusts through this provider's JWKS,
// carrying the role and region claims under the names the server reads
// (docs/tokens.md), and refresh tokens.
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { randomBytes } from "node:crypto";
import type { Account } from "./accounts.js";
import { logoutPage, messagePage } from "./pages.js";

export interface IdpClient {
  client_id: string;
  client_secret: string;
  client_name?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
}

export interface IdpOptions {
  issuer: string;
  accounts: Map<string, Account>;
  signingKey: Record<string, unknown>; // a private JWK with kid and alg (EdDSA or ES256)
  clients: IdpClient[];
  resource: string; // the resource indicator of usulan-server (an absolute URI)
  audience: string; // the `aud` usulan-server checks (--token-audience)
  roleClaim: string;
  regionClaim: string;
  // A citizen's NIK and KK claims in the access token (the server's --nik-claim
  // and --kk-claim); never in the ID token.
  nikClaim?: string;
  kkClaim?: string;
  accessTokenTtl: number; // seconds, at most the server's --token-max-lifetime-seconds
  refreshTokenTtl: number;
}

export const API_SCOPE = "usulan:api";

export function createProvider(o: IdpOptions): Provider {
  const alg = String(o.signingKey["alg"] ?? "");
  if (alg !== "EdDSA" && alg !== "ES256") throw new Error("the signing key must declare alg EdDSA or ES256");
  const roleClaims = (a: Account): Record<string, string> =>
    a.region ? { [o.roleClaim]: a.role, [o.regionClaim]: a.region } : { [o.roleClaim]: a.role };

  const configuration: Configuration = {
    clients: o.clients.map((c) => ({
      ...c,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: alg,
    })),
    jwks: { keys: [o.signingKey as never] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], profile: ["name", o.roleClaim, o.regionClaim] },
    scopes: ["openid", "profile", "offline_access", API_SCOPE],
    // The ID token carries the profile claims so usulan-web can answer /auth/me
    // without a userinfo call (its access token is for usulan-server only).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    responseTypes: ["code"],
    enabledJWA: { idTokenSigningAlgValues: [alg] as never },
    ttl: {
      AccessToken: o.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: o.accessTokenTtl,
      RefreshToken: o.refreshTokenTtl,
      Interaction: 600,
      Session: o.refreshTokenTtl,
      Grant: o.refreshTokenTtl,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    findAccount: async (_ctx, id) => {
      const account = o.accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, ...roleClaims(account) }) };
    },
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== "AccessToken" || !token.accountId) return undefined;
      const account = o.accounts.get(token.accountId);
      if (!account) return undefined;
      const citizen: Record<string, string> =
        account.nik && account.kk
          ? { [o.nikClaim ?? "usulan_nik"]: account.nik, [o.kkClaim ?? "usulan_kk"]: account.kk }
          : {};
      return { ...roleClaims(account), ...citizen };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = logoutPage(form, ctx.host);
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = messagePage("Anda sudah keluar", "Sesi Anda di penyedia identitas sudah berakhir.");
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => o.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator !== o.resource) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: o.audience,
            accessTokenTTL: o.accessTokenTtl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg } },
          };
        },
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = messagePage("Terjadi kesalahan", `${out.error}: ${out.error_description ?? ""}`);
    },
  };
  return new Provider(o.issuer, configuration);
}
