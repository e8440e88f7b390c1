#!/usr/bin/env bash
# Regenerates packages/reconcile-core/testdata/kustomize/*/expected.yaml with the real kustomize v5.5.0.
set -euo pipefail
KUSTOMIZE="${KUSTOMIZE:-$HOME/.cache/flotilla/bin/kustomize-v5.5.0/kustomize}"
cd "$(dirname "$0")/../packages/reconcile-core/testdata/kustomize"
for c in */; do
  c="${c%/}"
  bp="$(cat "$c/build-path")"
  rm -f "$c/expected.yaml" "$c/expected-error.txt"
  if "$KUSTOMIZE" build "$c/$bp" >"$c/expected.yaml" 2>"$c/.err"; then
    :
  else
    rm -f "$c/expected.yaml"
    { echo "kustomize error"; cat "$c/.err"; } > "$c/expected-error.txt"
  fi
  rm -f "$c/.err"
done
