#!/usr/bin/env bash
# The end-to-end suite: builds the example and a generated site of a few
# hundred positions with the release binary, then checks them in headless
# Chromium, with the Nu Html Checker and axe-core (tests/e2e/run.mjs).
# Needs: chromium, a Java runtime, Node.js (installed by .ci/run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$root/target/e2e"
mkdir -p "$work"

cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi

cd "$root"
cargo build --release --locked
bin="$root/target/release/orgsite"
"$bin" build . -o "$work/sites/example" --force
cargo run --release --locked --example gen-site -- "$work/synth-src" 300
"$bin" build "$work/synth-src" -o "$work/sites/synth" --force

# English, 60 top-level units (the header's Units page), and the shapes real
# organisations have (issue 17).
"$bin" build tests/fixtures/valid/english -o "$work/sites/english" --force
cargo run --release --locked --example gen-site -- "$work/topunits-src" --top-units 60
"$bin" build "$work/topunits-src" -o "$work/sites/topunits" --force
shapes=()
for shape in flat-top wide units long-titles; do
  cargo run --release --locked --example gen-site -- "$work/shape-$shape-src" --shape "$shape"
  "$bin" build "$work/shape-$shape-src" -o "$work/sites/$shape" --force
  shapes+=("$shape=$work/sites/$shape")
done

status=0
node "$here/run.mjs" "example=$work/sites/example" "synth=$work/sites/synth" \
  "english=$work/sites/english" "topunits=$work/sites/topunits" "${shapes[@]}" || status=1

# The people pages: an English site with person files (initials avatars) and
# the site `orgsite init` writes (a person with a photo).
"$bin" build tests/fixtures/valid/people-en -o "$work/sites/people" --force
rm -rf "$work/init-src"
"$bin" init "$work/init-src" >/dev/null
"$bin" build "$work/init-src" -o "$work/sites/photo" --force
node "$here/people.mjs" "people=$work/sites/people" "photo=$work/sites/photo" || status=1
exit $status
