#!/usr/bin/env bash
# Installs Usulan's build and run dependencies from Debian 12 packages.
# Idempotent: does nothing when everything is already installed. Needs root (or
# sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libspdlog-dev libgtest-dev libgmock-dev libssl-dev nlohmann-json3-dev
  librhonabwy-dev libcurl4-openssl-dev  # JWT/JWKS verification, OIDC discovery (docs/tokens.md)
  postgresql postgresql-contrib
  jq openssl ca-certificates
  python3  # tools/audit/verify_export.py and its test
  chromium  # the web tier's browser tests (deploy/web-test.sh); Node.js 20 comes with the machine
  clang-14 libclang-rt-14-dev  # deploy/fuzz.sh: libFuzzer, ASan, UBSan runtimes (docs/fuzzing.md)
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
