# Sourced by .ci/run: other Node lines than the machine's, and better-sqlite3 built for each in turn.
# Expects to run at the repository's root, after `pnpm install`.

NODE_LINES=.ci-node

# Installs `node@<version>` from the npm registry (its node-<platform>-<arch> dependency holds the
# binary and the headers) into .ci-node/<version>/, once; prints the directory of that dependency.
node_line() {
  local platform
  platform=$(node -p 'process.platform + "-" + process.arch')
  local dir="$PWD/$NODE_LINES/$1/node_modules/node/node_modules/node-$platform"
  if [ ! -x "$dir/bin/node" ]; then
    npm install --prefix "$NODE_LINES/$1" --no-save --no-audit --no-fund --loglevel=error "node@$1" >/dev/null
  fi
  echo "$dir"
}

# The installed better-sqlite3 (asked when needed: before the first `pnpm install` there is none).
sqlite_dir() {
  node -p 'path.dirname(require.resolve("better-sqlite3/package.json", { paths: ["packages/backend-sqlite"] }))'
}
# The build `pnpm install` made for the machine's Node, kept here while other lines run.
MACHINE_BUILD="$NODE_LINES/better-sqlite3-build-machine"

# Puts the machine's build back (also at the start of a run, after one that was killed).
restore_machine_build() {
  if [ -d "$MACHINE_BUILD" ]; then
    local dir
    dir=$(sqlite_dir)
    rm -rf "$dir/build"
    mv "$MACHINE_BUILD" "$dir/build"
  fi
}

# Builds better-sqlite3 from source for the Node in <node dir>/bin against the headers in <headers
# dir>/include/node, with the command its load error names. Its build directory is moved or deleted
# first: its files are hard links into pnpm's store, shared by every checkout of the machine, and are
# never written in place; the side-effects cache stays off so that the store is not written either.
rebuild_sqlite() { # node dir, headers dir
  local dir
  dir=$(sqlite_dir)
  if [ -d "$MACHINE_BUILD" ]; then rm -rf "$dir/build"; else mv "$dir/build" "$MACHINE_BUILD"; fi
  local log="$NODE_LINES/rebuild.log"
  if ! PATH="$1/bin:$PATH" npm_config_nodedir="$2" npm_config_side_effects_cache=false \
    pnpm -r rebuild better-sqlite3 >"$log" 2>&1; then
    cat "$log" >&2
    echo "CI: better-sqlite3 did not build for $("$1/bin/node" --version)" >&2
    return 1
  fi
}
