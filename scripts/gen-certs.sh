#!/usr/bin/env bash
# Makes a private CA, a relay server certificate and (optionally) host client certificates with openssl.
#
#   scripts/gen-certs.sh OUT_DIR [--relay-name DNS]... [--host HOST_ID]... [--days N] [--expired-host HOST_ID]...
#
# Writes OUT_DIR/ca.pem + ca.key, OUT_DIR/relay.pem + relay.key (SANs: every --relay-name, localhost,
# 127.0.0.1) and OUT_DIR/host-<id>.pem + host-<id>.key per --host (CN = host id and URI SAN gastown://host/<id>,
# for mTLS). Keys are PKCS#8, mode 0600. An existing CA in OUT_DIR is reused, so hosts can be added later, and
# running --host again for a host issues it a new certificate (new serial, new key): certificate rotation.
# --expired-host writes host-<id>-expired.pem + .key, valid only on 2020-01-01: for tests of expiry.
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR [--relay-name DNS]... [--host HOST_ID]... [--days N] [--expired-host HOST_ID]..." >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1; shift
relay_names=(); hosts=(); expired_hosts=(); days=825
while [ $# -gt 0 ]; do
  case "$1" in
    --relay-name) relay_names+=("$2"); shift 2 ;;
    --host) hosts+=("$2"); shift 2 ;;
    --expired-host) expired_hosts+=("$2"); shift 2 ;;
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

# A certificate that expired long ago: 'openssl x509 -req' cannot back-date, 'openssl ca' can.
issue_expired() { # host
  local h=$1 name="host-$1-expired" db; db=$(mktemp -d)
  : > "$db/index.txt"; openssl rand -hex 16 > "$db/serial"
  printf '[ca]\ndefault_ca=d\n[d]\ndatabase=%s/index.txt\nnew_certs_dir=%s\nserial=%s/serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n' \
    "$db" "$db" "$db" > "$db/ca.cnf"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=URI:gastown://host/%s\n' \
    "$h" > "$db/ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$h" \
    -keyout "$out/$name.key.tmp" -out "$db/csr" 2>/dev/null
  openssl ca -batch -config "$db/ca.cnf" -cert "$out/ca.pem" -keyfile "$out/ca.key" -in "$db/csr" \
    -startdate 20200101000000Z -enddate 20200102000000Z -extfile "$db/ext" -notext -out "$out/$name.pem" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$out/$name.key.tmp" -out "$out/$name.key"
  rm -rf "$out/$name.key.tmp" "$db"
}
for h in "${expired_hosts[@]+"${expired_hosts[@]}"}"; do issue_expired "$h"; done
chmod 0644 "$out"/*.pem
echo "certificates written to $out"
