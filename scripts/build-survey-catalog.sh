#!/usr/bin/env bash
# Rebuild the bundled catalog's papers from the survey's sources, with vla's own commands:
#   1. import the survey README's tables, with the reviewed corrections in survey-corrections.toml;
#   2. merge the survey website's .bib for authors and abstracts (it fills missing fields only, of the
#      README's papers: the site lists more papers than the README, and those are not added).
# Usage: scripts/build-survey-catalog.sh [SEED_README] [SITE_BIB] [OUT_CATALOG]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
seed="${1:-$repo/../shared/survey/efficient-vlas-survey.README.md}"
bib="${2:-$repo/../shared/survey/evla-site.bib}"
out="${3:-$repo/catalog}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
vla init "$work/catalog" --taxonomy "$repo/catalog/taxonomy.toml" >/dev/null
vla import markdown "$seed" --corrections "$here/survey-corrections.toml" --catalog "$work/catalog"
if vla import --help | grep -q bibtex && [ -f "$bib" ]; then
  vla import bibtex "$bib" --merge --only-existing --quiet --catalog "$work/catalog"
fi
mkdir -p "$out"
rm -rf "$out/papers.new" && cp -r "$work/catalog/papers" "$out/papers.new"
rm -rf "$out/papers" && mv "$out/papers.new" "$out/papers"
echo "catalog rebuilt: $(ls "$out/papers" | wc -l) papers in $out/papers"
