// The identity provider's own pages: plain server-rendered HTML forms, no
// script at all, one stylesheet from the provider itself, every input with a
// label (they pass an axe check). Every interpolated value is escaped.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const STYLESHEET = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:26rem;padding:0 1rem;color:#1b1b1b}
label{display:block;margin-top:1rem;font-weight:600}input{display:block;width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}
button{margin-top:1.25rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:4px;font-size:1rem;cursor:pointer}
button.secondary{background:#595959}.error{color:#a4000f;font-weight:600}ul{padding-left:1.25rem}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/idp.css"></head>
<body><main>${body}</main></body>
</html>`;
}

// `publicStatusUrl`: the console's public status check (docs/public-status.md),
// linked for visitors who only want to know whether someone is listed.
export function loginPage(uid: string, clientName: string, error: string | null, login = "", publicStatusUrl = ""): string {
  const u = encodeURIComponent(uid);
  return page(
    "Masuk - Usulan",
    `<h1>Masuk ke Usulan</h1>
<p>Penyedia identitas pengembangan untuk ${escapeHtml(clientName)}.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${u}/login" autocomplete="off">
<label for="login">ID pengguna</label>
<input id="login" name="login" autocomplete="username" required maxlength="128" value="${escapeHtml(login)}">
<label for="password">Kata sandi</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
<button type="submit">Masuk</button>
</form>
${publicStatusUrl ? `<p><a href="${escapeHtml(publicStatusUrl)}">Cek status bantuan sosial tanpa masuk</a></p>` : ""}`,
  );
}

export function consentPage(uid: string, clientName: string, scopes: string[]): string {
  const u = encodeURIComponent(uid);
  return page(
    "Izin akses - Usulan",
    `<h1>Izinkan ${escapeHtml(clientName)}?</h1>
<p>Aplikasi ini meminta akses atas nama Anda:</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>
<form method="post" action="/interaction/${u}/confirm"><button type="submit">Izinkan</button></form>
<form method="post" action="/interaction/${u}/abort"><button type="submit" class="secondary">Tolak</button></form>`,
  );
}

export function logoutPage(form: string, host: string): string {
  return page(
    "Keluar - Usulan",
    `<h1>Keluar dari ${escapeHtml(host)}?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ya, keluar</button>
<button type="submit" form="op.logoutForm" class="secondary">Tidak</button>`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}
