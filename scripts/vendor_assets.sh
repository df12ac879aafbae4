#!/usr/bin/env bash
# Refresh the vendored front-end assets from npm (versions pinned in package.json and
# package-lock.json). The copies under static/ are committed, so the app needs no npm at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --ignore-scripts

copy_font() {  # package, family folder, file stem
  local package=$1 folder=$2 stem=$3
  mkdir -p "static/fonts/$folder"
  for style in 400-normal 400-italic 700-normal 700-italic; do
    cp "node_modules/$package/files/$stem-latin-$style.woff2" "static/fonts/$folder/"
  done
  cp "node_modules/$package/LICENSE" "static/fonts/$folder/LICENSE"
}
copy_font @fontsource/atkinson-hyperlegible atkinson-hyperlegible atkinson-hyperlegible
copy_font @fontsource/source-serif-4 source-serif-4 source-serif-4

mkdir -p static/vendor/axe-core
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/
[ -f node_modules/axe-core/LICENSE-3RD-PARTY.txt ] \
  && cp node_modules/axe-core/LICENSE-3RD-PARTY.txt static/vendor/axe-core/
echo "Vendored assets refreshed."
