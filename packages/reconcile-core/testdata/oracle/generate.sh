#!/usr/bin/env bash
# Regenerates testdata/<suite>/expected.json (SUITES="duration selector" for some) from the real Go libraries (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
bin="$(mktemp -d)/oracle"
go build -o "$bin" .
for suite in ${SUITES:-envsubst semver substitute filter duration selector}; do
  node -e '
    const cases = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const c of cases) console.log(JSON.stringify({ op: process.argv[2], ...c }));
  ' "../$suite/cases.json" "$suite" | "$bin" > "../$suite/.answers.jsonl"
  node -e '
    const fs = require("fs");
    const cases = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const answers = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const rows = cases.map((c, i) => JSON.stringify({ ...c, expected: answers[i] }));
    fs.writeFileSync(process.argv[3], "[\n" + rows.join(",\n") + "\n]\n");
  ' "../$suite/cases.json" "../$suite/.answers.jsonl" "../$suite/expected.json"
  rm "../$suite/.answers.jsonl"
done
rm -rf "$(dirname "$bin")"
echo "expected.json written"
