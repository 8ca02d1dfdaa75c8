#!/usr/bin/env bash
# `wrangler deploy --dry-run` for each Worker (offline); prints each one's raw and gzip upload size.
source "$(dirname "$0")/lib.sh"
out=.bench/dry-run
rm -rf "$out" && mkdir -p "$out"
for target in "webapp:wrangler.jsonc" "workers:apps/workers/wrangler.jsonc" "api:apps/api/wrangler.jsonc"; do
  name="${target%%:*}" config="${target#*:}"
  pnpm exec wrangler deploy --dry-run -c "$config" --outdir "$out/$name" > "$out/$name.log" 2>&1 || { cat "$out/$name.log"; exit 1; }
  size=$(grep -m1 "Total Upload" "$out/$name.log" | sed 's/.*Total Upload: //')
  echo "bundle $name: $size"
done
