#!/usr/bin/env bash
# A throwaway PKI for the demo, development and the tests (docs/tls.md), made
# with the openssl CLI. Never for production: the CA key lies next to the
# certificates it signs.
#
#   deploy/dev-pki.sh DIR
#
# Writes into DIR (created if missing) whatever of these is missing:
#   ca.crt, ca.key          a CA ("Usulan dev CA") valid ten years
#   server.crt, server.key  a server certificate for localhost, 127.0.0.1 and ::1
#                           (usulan-server, usulan-registry-sim)
#   client.crt, client.key  a client certificate ("usulan-server") that
#                           usulan-server presents to the registry (mTLS)
# Keys are P-256, mode 0600; certificates 0644, each with a random serial. Files
# that exist are kept, so running it again changes nothing; a new CA replaces
# every certificate (they must chain to it). Delete server.* and run it again to
# get a new server certificate from the same CA (certificate rotation). Each file
# appears whole (written aside, then renamed), so a server watching it never
# reads half of one. Prints DIR.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
umask 077
work=$(mktemp -d "$dir/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
serial() { echo "0x$(openssl rand -hex 16)"; }

# install NAME...: moves the work copies into DIR, keys 0600, certificates 0644.
install_files() {
  local name
  for name in "$@"; do
    case $name in *.crt) chmod 0644 "$work/$name" ;; *) chmod 0600 "$work/$name" ;; esac
  done
  # Keys first: a watcher that sees the new certificate finds its key in place.
  for name in "$@"; do [[ $name == *.key ]] && mv -f "$work/$name" "$dir/$name"; done
  for name in "$@"; do [[ $name == *.crt ]] && mv -f "$work/$name" "$dir/$name"; done
  return 0
}

# leaf NAME CN EXTENSIONS: a key and a certificate signed by the CA.
leaf() {
  local name=$1 cn=$2 extensions=$3
  new_key "$work/$name.key"
  openssl req -new -key "$work/$name.key" -subj "/O=Usulan dev/CN=$cn" -out "$work/$name.csr"
  printf '%s\n' "$extensions" >"$work/$name.ext"
  openssl x509 -req -in "$work/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -set_serial "$(serial)" -days 825 -sha256 -extfile "$work/$name.ext" \
    -out "$work/$name.crt" 2>/dev/null
  install_files "$name.key" "$name.crt"
}

if [[ ! -s $dir/ca.crt || ! -s $dir/ca.key ]]; then
  new_key "$work/ca.key"
  openssl req -x509 -new -key "$work/ca.key" -subj "/O=Usulan dev/CN=Usulan dev CA" \
    -days 3650 -sha256 -set_serial "$(serial)" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$work/ca.crt"
  install_files ca.key ca.crt
  rm -f "$dir/server.crt" "$dir/server.key" "$dir/client.crt" "$dir/client.key"
fi
if [[ ! -s $dir/server.crt || ! -s $dir/server.key ]]; then
  leaf server localhost "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
fi
if [[ ! -s $dir/client.crt || ! -s $dir/client.key ]]; then
  leaf client usulan-server "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
fi
echo "$dir"
