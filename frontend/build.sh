#!/usr/bin/env bash
# Build GOV.UK Frontend assets for Alpha Hub into ../static/govuk/.
#
#   static/govuk/app.min.css                 compiled from scss/app.scss
#   static/govuk/govuk-frontend.min.js(.map) GOV.UK Frontend ES module bundle
#   static/govuk/assets/                     images + manifest (no fonts)
#
# Usage: bash frontend/build.sh   (or: cd frontend && npm run build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../static/govuk"
govuk="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
npm ci --ignore-scripts --no-audit --no-fund

rm -rf "$out"
mkdir -p "$out/assets/images"

./node_modules/.bin/sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  scss/app.scss "$out/app.min.css"

cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/"

# App icons and web manifest. GOV.UK Frontend's own icons show the GOV.UK
# crown, which only services on GOV.UK may use, so Alpha Hub ships neutral
# icons of its own (frontend/icons/) under the same file layout.
cp "$here/icons/manifest.json" "$out/assets/manifest.json"
cp "$here"/icons/images/* "$out/assets/images/"

# Every url() in the stylesheet must point at a file that exists.
missing=0
while IFS= read -r ref; do
  case "$ref" in data:*|http:*|https:*|//*|\#*) continue ;; esac
  if [ ! -f "$out/${ref%%[?#]*}" ]; then
    echo "build.sh: app.min.css references missing file: $ref" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$out/app.min.css" | sed -E 's/^url\(["'"'"']?//; s/["'"'"']?\)$//' | sort -u)
[ "$missing" -eq 0 ]

if grep -qi 'GDS Transport\|@font-face\|gov\.uk' "$out/app.min.css"; then
  echo "build.sh: app.min.css still mentions GDS Transport, @font-face or gov.uk" >&2
  exit 1
fi

echo "Built $(cd "$out/.." && pwd)/govuk"
