// A local OpenID Connect authority for the sign-in tests: discovery document, /authorize (which
// approves one test user without a page), /token (authorization_code with PKCE S256 and
// refresh_token grants), JWKS. Tokens are RS256 JWTs shaped like Entra ID's (`tid`, `oid`,
// `preferred_username`, `aud` per requested scope), signed with a key made at start-up. Served
// over https with a self-signed certificate made by the openssl CLI, because MSAL only accepts
// https authorities. Nothing here touches the network beyond 127.0.0.1.
import { createServer } from "node:https";
import { createHash, createSign, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** A certificate for 127.0.0.1, valid for a day. */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "sc-oidc-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The API an access token is for: the scope without its last path segment (Entra's rule). */
export function audienceOf(scope) {
  const i = scope.lastIndexOf("/");
  return i > "https://".length ? scope.slice(0, i) : scope;
}

/** The claims of a JWT (unverified), for assertions. */
export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

/**
 * Starts the authority. Options: `tenantId`, `clientId`, `redirectUris` (the only ones it sends
 * answers to), `user` (`{upn, name, oid}`), `accessTokenSeconds` (short, so that renewal runs),
 * `port` (default: any free one).
 * Returns `{authority, host, log, issued, requireInteraction(), close()}`: `log` lists every
 * request by endpoint, `issued` every access token handed out.
 */
export async function startAuthority({
  tenantId,
  clientId,
  redirectUris,
  user = { upn: "analyst@contoso.example", name: "Test Analyst", oid: randomUUID() },
  accessTokenSeconds = 3600,
  port = 0,
}) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = b64url(randomBytes(8));
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const codes = new Map();
  const refreshTokens = new Map();
  const log = [];
  const issued = [];
  let interactionRequired = false;
  // Whether the browser has a session with the authority (an interactive sign-in made one), which
  // a silent `prompt=none` request needs, as at Entra ID.
  let session = false;
  // What the next interactive /authorize does instead of approving: an error, or no answer.
  let nextAuthorize = null;
  const held = [];
  let base = "";

  const issuer = () => `${base}/${tenantId}/v2.0`;
  const sign = (claims) => {
    const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const body = b64url(JSON.stringify(claims));
    const signer = createSign("RSA-SHA256");
    signer.update(`${head}.${body}`);
    return `${head}.${body}.${b64url(signer.sign(privateKey))}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const userClaims = () => ({ tid: tenantId, oid: user.oid, sub: user.oid, preferred_username: user.upn, name: user.name });

  function tokensFor(scopes, nonce) {
    const resource = scopes.filter((s) => !OIDC_SCOPES.has(s));
    const t = now();
    const access = sign({
      iss: `https://sts.windows.net/${tenantId}/`,
      aud: audienceOf(resource[0] ?? clientId),
      appid: clientId,
      scp: resource.map((s) => s.slice(s.lastIndexOf("/") + 1)).join(" "),
      iat: t,
      nbf: t,
      exp: t + accessTokenSeconds,
      ver: "1.0",
      ...userClaims(),
    });
    issued.push(access);
    const refresh = b64url(randomBytes(32));
    refreshTokens.set(refresh, { clientId });
    const idClaims = { iss: issuer(), aud: clientId, iat: t, nbf: t, exp: t + 3600, ver: "2.0", ...userClaims() };
    if (nonce) idClaims.nonce = nonce;
    return {
      token_type: "Bearer",
      scope: resource.join(" "),
      expires_in: accessTokenSeconds,
      ext_expires_in: accessTokenSeconds,
      access_token: access,
      refresh_token: refresh,
      id_token: sign(idClaims),
    };
  }

  const json = (res, status, body, headers) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
    res.end(JSON.stringify(body));
  };
  const cors = (req) => {
    const origin = req.headers.origin;
    return origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {};
  };
  const tokenError = (res, req, error, description, extra = {}) =>
    json(res, 400, { error, error_description: description, ...extra }, cors(req));

  async function body(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  }

  function authorize(req, res, url) {
    const q = url.searchParams;
    const entry = { endpoint: "authorize", prompt: q.get("prompt"), scope: q.get("scope"), loginHint: q.get("login_hint") };
    log.push(entry);
    const redirectUri = q.get("redirect_uri");
    if (q.get("client_id") !== clientId || !redirectUris.includes(redirectUri)) {
      // Like a real authority: an unknown client or redirect URI gets a page, never a redirect.
      res.writeHead(400, { "content-type": "text/plain" }).end("unknown client_id or redirect_uri");
      entry.refused = true;
      return;
    }
    const mode = q.get("response_mode") === "query" ? "?" : "#";
    const answer = (params) => {
      const p = new URLSearchParams({ ...params, state: q.get("state") ?? "" });
      res.writeHead(302, { location: `${redirectUri}${mode}${p}` }).end();
    };
    if (q.get("response_type") !== "code") return answer({ error: "unsupported_response_type", error_description: "only code" });
    if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge"))
      return answer({ error: "invalid_request", error_description: "PKCE with S256 is required" });
    if (q.get("prompt") === "none" && !session)
      return answer({ error: "login_required", error_description: "AADSTS50058: no session; the user must sign in" });
    if (q.get("prompt") === "none" && interactionRequired)
      return answer({ error: "interaction_required", error_description: "AADSTS50076: the user must sign in again" });
    if (q.get("prompt") !== "none" && nextAuthorize) {
      const next = nextAuthorize;
      nextAuthorize = null;
      if (next.hold) return held.push(res);
      return answer({ error: next.error, error_description: next.description });
    }
    // Approving the test user: an interactive prompt also clears any pending requirement.
    if (q.get("prompt") !== "none") {
      interactionRequired = false;
      session = true;
    }
    const code = b64url(randomBytes(24));
    codes.set(code, {
      redirectUri,
      challenge: q.get("code_challenge"),
      nonce: q.get("nonce"),
      scopes: (q.get("scope") ?? "").split(" ").filter(Boolean),
      expires: Date.now() + 60_000,
    });
    answer({ code });
  }

  async function token(req, res) {
    const form = await body(req);
    const grant = form.get("grant_type");
    const entry = { endpoint: "token", grant, scope: form.get("scope"), origin: req.headers.origin ?? null };
    log.push(entry);
    if (form.get("client_id") !== clientId) return tokenError(res, req, "invalid_client", "AADSTS700016: unknown client");
    if (grant === "authorization_code") {
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!code || code.expires < Date.now()) return tokenError(res, req, "invalid_grant", "AADSTS70008: the code is unknown or used");
      if (code.redirectUri !== form.get("redirect_uri"))
        return tokenError(res, req, "invalid_grant", "AADSTS50011: redirect_uri does not match");
      const verifier = form.get("code_verifier") ?? "";
      if (b64url(createHash("sha256").update(verifier).digest()) !== code.challenge)
        return tokenError(res, req, "invalid_grant", "AADSTS501481: the code_verifier does not match the code_challenge");
      entry.ok = true;
      const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      return json(res, 200, tokensFor(scopes.length ? scopes : code.scopes, code.nonce), cors(req));
    }
    if (grant === "refresh_token") {
      const known = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!known) return tokenError(res, req, "invalid_grant", "AADSTS9002313: unknown refresh token");
      if (interactionRequired)
        return tokenError(res, req, "invalid_grant", "AADSTS50076: the user must sign in again (interaction_required)", {
          suberror: "basic_action",
        });
      refreshTokens.delete(form.get("refresh_token"));
      entry.ok = true;
      return json(res, 200, tokensFor((form.get("scope") ?? "").split(" ").filter(Boolean)), cors(req));
    }
    return tokenError(res, req, "unsupported_grant_type", `grant_type ${grant} is not supported`);
  }

  function discovery(req, res) {
    log.push({ endpoint: "discovery" });
    const t = `${base}/${tenantId}`;
    json(res, 200, {
      issuer: issuer(),
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      token_endpoint: `${t}/oauth2/v2.0/token`,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_types_supported: ["code"],
      response_modes_supported: ["query", "fragment"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid"],
    }, cors(req));
  }

  const server = createServer(selfSignedCertificate(), async (req, res) => {
    try {
      const url = new URL(req.url, base);
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          ...cors(req),
          "access-control-allow-methods": "GET, POST",
          "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "",
          "access-control-max-age": "60",
        });
        return res.end();
      }
      const path = url.pathname;
      if (path.endsWith("/.well-known/openid-configuration")) return discovery(req, res);
      if (path === `/${tenantId}/discovery/v2.0/keys`) return json(res, 200, { keys: [jwk] }, cors(req));
      if (path === `/${tenantId}/oauth2/v2.0/authorize` && req.method === "GET") return authorize(req, res, url);
      if (path === `/${tenantId}/oauth2/v2.0/token` && req.method === "POST") return await token(req, res);
      if (path === `/${tenantId}/oauth2/v2.0/logout`) return res.writeHead(200).end("signed out");
      res.writeHead(404).end();
    } catch (e) {
      json(res, 500, { error: "server_error", error_description: String(e?.message ?? e) });
    }
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  base = `https://127.0.0.1:${server.address().port}`;
  return {
    authority: `${base}/${tenantId}/v2.0`,
    host: new URL(base).host,
    user,
    log,
    issued,
    jwks: { keys: [jwk] },
    /** From now on silent renewal fails until the analyst signs in interactively. */
    requireInteraction() {
      interactionRequired = true;
    },
    /** The browser's session with the authority ends (it expired, or the analyst signed out). */
    endSession() {
      session = false;
    },
    /** The next interactive sign-in ends with this OAuth error. */
    failNextAuthorize(error, description) {
      nextAuthorize = { error, description };
    },
    /** The next interactive sign-in never answers (the analyst walks away or closes the window). */
    holdNextAuthorize() {
      nextAuthorize = { hold: true };
    },
    close: () => new Promise((ok) => {
      for (const res of held) res.destroy();
      server.closeAllConnections?.();
      server.close(ok);
    }),
  };
}

// Run by hand for a demo: `node tests/e2e/oidc-authority.mjs [redirect URI] [port]` prints the
// settings that point the panel at it (open the authority URL once to accept its certificate).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const redirect = process.argv[2] ?? "http://127.0.0.1:8080/msal-redirect.html";
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const a = await startAuthority({
    tenantId,
    clientId,
    redirectUris: [redirect],
    user: { upn: "robin.okafor@lakeshoremills.example", name: "Robin Okafor", oid: randomUUID() },
    accessTokenSeconds: 300,
    port: Number(process.argv[3] ?? 0),
  });
  const query = new URLSearchParams({ tenantId, clientId, authority: a.authority });
  console.log(`OpenID Connect test authority: ${a.authority}`);
  console.log(`sentinel-proxy --simulate --allow-tenant ${tenantId} ...`);
  console.log(`panel query: ?proxyUrl=...&subscriptionId=...&${query}`);
}
