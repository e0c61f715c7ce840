// Sign-in with OpenID Connect through openid-client: authorization code with
// PKCE (S256), state and nonce; the code is exchanged here, server-side, with
// the client secret, and the tokens go into the session store, never to the
// browser. Refreshes the access token with the refresh token.
import * as client from "openid-client";
import type { SessionData } from "./session_store.js";
import { isLoopbackHost } from "../shared/flags.js";

export interface LoginTransaction {
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
  resource: string; // "" to send none (a provider that sets the audience by mapper)
  roleClaim: string; // the ID token's claim names, as usulan-server's --role-claim
  regionClaim: string;
}

export class OidcClient {
  private constructor(
    private readonly config: client.Configuration,
    private readonly options: OidcOptions,
  ) {}

  // Discovery at start: usulan-web does not serve without its provider.
  static async discover(options: OidcOptions): Promise<OidcClient> {
    const url = new URL(options.issuer);
    const insecure = url.protocol === "http:";
    if (insecure && !isLoopbackHost(url.hostname)) throw new Error("--oidc-issuer may use http only on a loopback address");
    const config = await client.discovery(
      url,
      options.clientId,
      undefined,
      client.ClientSecretBasic(options.clientSecret),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    return new OidcClient(config, options);
  }

  get issuerOrigin(): string {
    return new URL(this.config.serverMetadata().issuer).origin;
  }

  async beginLogin(): Promise<{ url: URL; transaction: LoginTransaction }> {
    const transaction: LoginTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      expiresAt: Date.now() + 600_000,
    };
    const parameters: Record<string, string> = {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope,
      response_type: "code",
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: "S256",
    };
    if (this.options.resource) parameters["resource"] = this.options.resource;
    return { url: client.buildAuthorizationUrl(this.config, parameters), transaction };
  }

  // Throws when the provider answered an error, the state or nonce differ, or
  // the ID token does not verify.
  async finishLogin(callbackUrl: URL, transaction: LoginTransaction): Promise<SessionData> {
    const tokens = await client.authorizationCodeGrant(
      this.config,
      callbackUrl,
      {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      },
      this.options.resource ? { resource: this.options.resource } : undefined,
    );
    const claims = tokens.claims();
    if (!claims) throw new Error("no ID token");
    const text = (name: string): string => (typeof claims[name] === "string" ? (claims[name] as string) : "");
    return {
      sub: claims.sub,
      name: text("name"),
      role: text(this.options.roleClaim),
      region: text(this.options.regionClaim),
      accessToken: tokens.access_token,
      accessExpiresAt: Date.now() + (tokens.expires_in ?? 300) * 1000,
      refreshToken: tokens.refresh_token ?? null,
      idToken: tokens.id_token ?? null,
    };
  }

  async refresh(data: SessionData): Promise<SessionData> {
    if (!data.refreshToken) throw new Error("no refresh token");
    const tokens = await client.refreshTokenGrant(
      this.config,
      data.refreshToken,
      this.options.resource ? { resource: this.options.resource } : undefined,
    );
    return {
      ...data,
      accessToken: tokens.access_token,
      accessExpiresAt: Date.now() + (tokens.expires_in ?? 300) * 1000,
      refreshToken: tokens.refresh_token ?? data.refreshToken,
      idToken: tokens.id_token ?? data.idToken,
    };
  }

  endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): URL | null {
    if (!this.config.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken) parameters["id_token_hint"] = idToken;
    return client.buildEndSessionUrl(this.config, parameters);
  }
}
