// The database address as usulan-server takes it (--database-url): a
// postgresql:// URI or a libpq keyword string ("host=/run/pg dbname=usulan"),
// which the `pg` package does not parse itself. As for usulan-server, a
// password in it is refused: pg reads PGPASSFILE / ~/.pgpass instead.
import type { ClientConfig } from "pg";

const PASSWORD_REFUSED = "--database-url must not hold a password: use ~/.pgpass or PGPASSFILE";

export function pgConfig(url: string): ClientConfig {
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (new URL(url).password !== "") throw new Error(PASSWORD_REFUSED);
    return { connectionString: url };
  }
  const config: ClientConfig = {};
  // key=value pairs; values may be single-quoted with \' and \\ escapes.
  const re = /\s*([a-z_]+)\s*=\s*('((?:\\.|[^'\\])*)'|\S+)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(url)) !== null) {
    end = re.lastIndex;
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, "$1") : m[2]!;
    switch (m[1]) {
      case "host": config.host = value; break;
      case "port": config.port = Number(value); break;
      case "dbname": config.database = value; break;
      case "user": config.user = value; break;
      case "password": throw new Error(PASSWORD_REFUSED);
      case "application_name": config.application_name = value; break;
      default: break; // sslmode and the like: libpq options pg sets otherwise
    }
  }
  if (url.slice(end).trim() !== "") throw new Error("--database-url is neither a URI nor a libpq keyword string");
  return config;
}
