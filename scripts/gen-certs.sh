#!/usr/bin/env bash
# Makes a private CA, a relay server certificate and (optionally) host client certificates with openssl.
#
#   scripts/gen-certs.sh OUT_DIR [--relay-name DNS]... [--host HOST_ID]... [--days N]
#
# Writes OUT_DIR/ca.pem + ca.key, OUT_DIR/relay.pem + relay.key (SANs: every --relay-name, localhost,
# 127.0.0.1) and OUT_DIR/host-<id>.pem + host-<id>.key per --host (CN = host id, for mTLS). Keys are PKCS#8,
# mode 0600. An existing CA in OUT_DIR is reused, so hosts can be added later.
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR [--relay-name DNS]... [--host HOST_ID]... [--days N]" >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1; shift
relay_names=(); hosts=(); days=825
while [ $# -gt 0 ]; do
  case "$1" in
    --relay-name) relay_names+=("$2"); shift 2 ;;
    --host) hosts+=("$2"); shift 2 ;;
    --days) days=$2; shift 2 ;;
    *) usage ;;
  esac
done
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"; umask 077

if [ ! -f "$out/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$days" \
    -subj "/CN=gastown-relay-ca" -keyout "$out/ca.key.tmp" -out "$out/ca.pem" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$out/ca.key.tmp" -out "$out/ca.key"; rm -f "$out/ca.key.tmp"
fi

issue() { # name cn san extkeyusage
  local name=$1 cn=$2 san=$3 eku=$4
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$cn" \
    -keyout "$out/$name.key.tmp" -out "$out/$name.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=%s\n' \
    "$eku" "$san" > "$out/$name.ext"
  openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial \
    -days "$days" -extfile "$out/$name.ext" -out "$out/$name.pem" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$out/$name.key.tmp" -out "$out/$name.key"
  rm -f "$out/$name.key.tmp" "$out/$name.csr" "$out/$name.ext"
}

san="DNS:localhost,IP:127.0.0.1"
for n in "${relay_names[@]+"${relay_names[@]}"}"; do san="$san,DNS:$n"; done
issue relay gastown-relay "$san" serverAuth
for h in "${hosts[@]+"${hosts[@]}"}"; do
  issue "host-$h" "$h" "URI:gastown://host/$h" clientAuth
done
chmod 0644 "$out"/*.pem
echo "certificates written to $out"
