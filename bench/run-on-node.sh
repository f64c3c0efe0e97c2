#!/usr/bin/env bash
# `pnpm bench` on Node <major> (20, 22, 24...), which writes that line's section of bench/RESULTS.md. On the
# machine's own line it only runs `pnpm bench`; on another, it installs `node@<major>` from the npm registry
# (once, into .ci-node/, as CI does), builds better-sqlite3 for it and runs `pnpm bench` with that Node first on
# PATH, then puts the machine's build of better-sqlite3 back, even after a failure or an interrupt. Every
# NODE_* variable is left out of the bench's environment. Usage: bash bench/run-on-node.sh <major>
set -euo pipefail
cd "$(dirname "$0")/.."

major=${1:?usage: bash bench/run-on-node.sh <node major>}
without_node_vars=()
for name in $(compgen -e); do
  if [[ $name == NODE_* ]]; then without_node_vars+=(-u "$name"); fi
done

if [ "$major" = "$(node -p 'process.versions.node.split(".")[0]')" ]; then
  exec env "${without_node_vars[@]}" pnpm bench
fi

source .ci/node-lines.sh
restore_machine_build # after a run that was killed before its trap
node_dir=$(node_line "$major")
headers=$node_dir
# As .ci/run: better-sqlite3 for Node 24 is built against the headers of 24.18 (the comment there says why).
if [ "$major" = 24 ]; then headers=$(node_line 24.18.1); fi
trap restore_machine_build EXIT
rebuild_sqlite "$node_dir" "$headers"
echo "bench: on Node $("$node_dir/bin/node" --version)" >&2
env "${without_node_vars[@]}" PATH="$node_dir/bin:$PATH" pnpm bench
