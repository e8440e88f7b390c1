#!/usr/bin/env bash
# Regenerates the SOPS test fixtures with the real sops binary and Debian's age.
# The age keys in keys/ are TEST FIXTURES ONLY (see README.md); they are generated once and reused so the
# committed encrypted files stay decryptable. Delete keys/ to rotate them.
set -euo pipefail
cd "$(dirname "$0")"
SOPS="${SOPS:-$HOME/.cache/flotilla/bin/sops-v3.13.3/sops}"
mkdir -p keys encrypted
[ -f keys/test.agekey ] || age-keygen -o keys/test.agekey 2>/dev/null
[ -f keys/other.agekey ] || age-keygen -o keys/other.agekey 2>/dev/null
# Debian's age 1.1 cannot make post-quantum (ML-KEM hybrid) keys, so that one comes from the age-encryption package.
if [ ! -f keys/pq.agekey ]; then
  (cd ../.. && node --input-type=module -e '
    const { generateHybridIdentity, identityToRecipient } = await import("age-encryption");
    const id = await generateHybridIdentity();
    process.stdout.write(`# TEST FIXTURE ONLY: post-quantum age identity\n# public key: ${await identityToRecipient(id)}\n${id}\n`);
  ') > keys/pq.agekey
fi
PQ_RECIPIENT="$(sed -n 's/^# public key: //p' keys/pq.agekey)"
RECIPIENT="$(age-keygen -y keys/test.agekey)"
OTHER_RECIPIENT="$(age-keygen -y keys/other.agekey)"
# sops reads every identity in the key file when it checks its own output below.
SOPS_AGE_KEY_FILE="$(mktemp)"; export SOPS_AGE_KEY_FILE
MACONLY_CFG="$(mktemp)"; trap 'rm -f "$MACONLY_CFG" "$SOPS_AGE_KEY_FILE"' EXIT
cat keys/test.agekey keys/pq.agekey > "$SOPS_AGE_KEY_FILE"

enc() { # enc <out> <in-type> <out-type> <input> [extra sops flags...]
  local out="$1" it="$2" ot="$3" in="$4"; shift 4
  "$SOPS" encrypt --age "$RECIPIENT" --input-type "$it" --output-type "$ot" "$@" "$in" > "encrypted/$out"
}
enc secret.yaml yaml yaml plain/secret.yaml
enc config.json json json plain/config.json
enc app.env dotenv dotenv plain/app.env
enc blob.bin.json binary binary plain/blob.bin
enc partial-regex.yaml yaml yaml plain/partial-regex.yaml --encrypted-regex '^(data|stringData)$'
enc partial-suffix.yaml yaml yaml plain/partial-suffix.yaml
# mac_only_encrypted is only settable through a config file's creation rule.
printf 'creation_rules:\n  - age: %s\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n' "$RECIPIENT" > "$MACONLY_CFG"
"$SOPS" --config "$MACONLY_CFG" encrypt --input-type yaml --output-type yaml plain/partial-regex.yaml > encrypted/mac-only-encrypted.yaml
enc multi-doc.yaml yaml yaml plain/multi-doc.yaml --encrypted-regex '^stringData$'
"$SOPS" encrypt --age "$OTHER_RECIPIENT,$RECIPIENT" --input-type json --output-type json plain/config.json > encrypted/two-recipients.json
enc encrypted-suffix.yaml yaml yaml plain/encrypted-suffix.yaml --encrypted-suffix _secret
enc yaml-scalars.yaml yaml yaml plain/yaml-scalars.yaml
"$SOPS" encrypt --age "$PQ_RECIPIENT" --input-type yaml --output-type yaml plain/partial-regex.yaml > encrypted/post-quantum.yaml
enc unencrypted-regex.yaml yaml yaml plain/partial-suffix.yaml --unencrypted-regex '^(host_unencrypted|mode)$'

# What the real sops decrypts yaml-scalars.yaml to , for the tests to compare against.
"$SOPS" decrypt --output-type yaml encrypted/yaml-scalars.yaml > encrypted/yaml-scalars.sops-decrypted.yaml

# Round-trip check with the real sops so a broken fixture never gets committed.
for f in encrypted/*; do
  case "$f" in *.sops-decrypted.yaml) continue ;; esac
  "$SOPS" decrypt "$f" > /dev/null
done
echo "fixtures written to $(pwd)/encrypted"
