#!/usr/bin/env bash
# Records what Flux's own Go code (fluxcd/cli-utils kstatus Compute, and fluxcd/pkg/runtime's Job reader)
# says for every row of test/health-cases.ts into testdata/health/expected.json. Needs Go >= 1.26 and the
# Go module proxy; the tests only read the recorded file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(cd "$here/../.." && pwd)"
bin="$(mktemp -d)/kstatus-oracle"
(cd "$here/kstatus" && GOFLAGS=-mod=mod go build -o "$bin" .)
cd "$pkg"
cases="$(mktemp)"
npx tsx -e '
  import("./test/health-cases.ts").then(({ healthCases }) => {
    const rows = healthCases.filter(([, o]) => o !== undefined);
    process.stdout.write(JSON.stringify(rows.map(([rule, object]) => ({ rule, object }))));
  });
' > "$cases"
node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).map((c) => c.object)))' "$cases" \
  | "$bin" > "$cases.answers"
node -e '
  const fs = require("fs");
  const cases = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const answers = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  fs.writeFileSync(process.argv[3], JSON.stringify(cases.map((c, i) => ({ rule: c.rule, object: c.object, expected: answers[i] })), null, 1) + "\n");
' "$cases" "$cases.answers" "$pkg/testdata/health/expected.json"
rm -f "$cases" "$cases.answers" "$bin"
echo "testdata/health/expected.json written"
