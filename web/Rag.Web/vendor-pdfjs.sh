#!/usr/bin/env bash
# Refreshes the committed copy of pdf.js (Mozilla, Apache-2.0) in wwwroot/lib/pdfjs from npm: the document viewer
# serves it from the app itself (no CDN), and a fresh clone runs offline without an npm step.
# Usage: web/Rag.Web/vendor-pdfjs.sh [version]
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-6.5.438}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "pdfjs-dist@$version" >/dev/null && tar -xzf pdfjs-dist-*.tgz)
target=wwwroot/lib/pdfjs
mkdir -p "$target"
cp "$work/package/build/pdf.min.mjs" "$work/package/build/pdf.worker.min.mjs" "$work/package/LICENSE" "$target/"
echo "pdfjs-dist $version" > "$target/VERSION"
