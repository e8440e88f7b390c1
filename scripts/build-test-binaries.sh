#!/usr/bin/env bash
# Builds the test environment's third-party binaries from the Go module proxy and caches them under
# ~/.cache/flotilla/bin/<tool>-<version>/. Each tool is built once per machine; a finished build leaves a
# `.complete` marker so an interrupted build is redone rather than trusted.
#
# Usage: scripts/build-test-binaries.sh [tool ...]   (default: all)
# Tools: kubernetes etcd kwok helm kustomize sops flux toxiproxy cosign versitygw source-controller kustomize-controller controller-tools helm-render
# Nothing built here is committed: the binaries live only in the cache. helm-render is ours (tools/helm-render):
# it is built next to helm, and again whenever its sources change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=test-binaries.env
. "$here/test-binaries.env"
KUBERNETES_VERSION="${FLOTILLA_KUBERNETES_VERSION:-$KUBERNETES_VERSION}"
ETCD_VERSION="${FLOTILLA_ETCD_VERSION:-$ETCD_VERSION}"
KWOK_VERSION="${FLOTILLA_KWOK_VERSION:-$KWOK_VERSION}"
HELM_VERSION="${FLOTILLA_HELM_VERSION:-$HELM_VERSION}"
KUSTOMIZE_VERSION="${FLOTILLA_KUSTOMIZE_VERSION:-$KUSTOMIZE_VERSION}"
SOPS_VERSION="${FLOTILLA_SOPS_VERSION:-$SOPS_VERSION}"
FLUX_VERSION="${FLOTILLA_FLUX_VERSION:-$FLUX_VERSION}"
TOXIPROXY_VERSION="${FLOTILLA_TOXIPROXY_VERSION:-$TOXIPROXY_VERSION}"
COSIGN_VERSION="${FLOTILLA_COSIGN_VERSION:-$COSIGN_VERSION}"
VERSITYGW_VERSION="${FLOTILLA_VERSITYGW_VERSION:-$VERSITYGW_VERSION}"
SOURCE_CONTROLLER_VERSION="${FLOTILLA_SOURCE_CONTROLLER_VERSION:-$SOURCE_CONTROLLER_VERSION}"
KUSTOMIZE_CONTROLLER_VERSION="${FLOTILLA_KUSTOMIZE_CONTROLLER_VERSION:-$KUSTOMIZE_CONTROLLER_VERSION}"
CONTROLLER_TOOLS_VERSION="${FLOTILLA_CONTROLLER_TOOLS_VERSION:-$CONTROLLER_TOOLS_VERSION}"
FLUX_CONTROLLER_GO_REPLACES="${FLOTILLA_FLUX_CONTROLLER_GO_REPLACES:-$FLUX_CONTROLLER_GO_REPLACES}"

CACHE="${FLOTILLA_CACHE_DIR:-$HOME/.cache/flotilla}"
BIN_ROOT="$CACHE/bin"
WORK_ROOT="$CACHE/build"
# The Go module and build caches live beside the binaries, so one directory holds everything CI caches.
export GOMODCACHE="${GOMODCACHE:-$CACHE/go/mod}" GOCACHE="${GOCACHE:-$CACHE/go/build}"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--mod=mod}" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"

log() { printf '[build-test-binaries] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
[build-test-binaries] Go is not installed, so the test binaries cannot be built.
Install Go 1.25 or newer (https://go.dev/dl), or point the test environment at prebuilt binaries:
  KUBEBUILDER_ASSETS=<dir with kube-apiserver, kube-controller-manager, kube-scheduler, etcd>
  FLOTILLA_KWOK_BIN, FLOTILLA_HELM_BIN, FLOTILLA_KUSTOMIZE_BIN, FLOTILLA_SOPS_BIN, FLOTILLA_FLUX_BIN,
  FLOTILLA_TOXIPROXY_SERVER_BIN, FLOTILLA_COSIGN_BIN, FLOTILLA_VERSITYGW_BIN=<path>
MSG
  exit 3
fi

done_marker() { [ -f "$1/.complete" ]; }

# go install for modules whose go.mod has no replace directives.
go_install() { # name version dir pkg@version
  local name=$1 version=$2 dir=$3 pkg=$4
  if done_marker "$dir"; then log "$name $version cached in $dir"; return; fi
  log "building $name $version (go install $pkg)"
  mkdir -p "$dir"
  GOBIN="$dir" go install -trimpath -ldflags "${5:-}" "$pkg"
  touch "$dir/.complete"
}

build_kubernetes() {
  local dir="$BIN_ROOT/kubernetes-$KUBERNETES_VERSION"
  if done_marker "$dir"; then log "kubernetes $KUBERNETES_VERSION cached in $dir"; return; fi
  local work="$WORK_ROOT/kubernetes-$KUBERNETES_VERSION" staging="v0.${KUBERNETES_VERSION#v1.}"
  log "building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBERNETES_VERSION (takes a while on a cold cache)"
  rm -rf "$work" && mkdir -p "$work" "$dir"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  # k8s.io/kubernetes replaces its staging modules with relative paths, which `go install` refuses;
  # a wrapper main module pins each of them to its published version instead.
  {
    echo "module flotilla.test/kubernetes-binaries"
    echo
    echo "go 1.25"
    echo
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#replace \1 => \1 '"$staging"'#p' "$gomod"
  } >"$work/go.mod"
  printf 'package main\n' >"$work/doc.go"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION"
  (
    cd "$work"
    go get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES_VERSION" >/dev/null
    for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
      log "  go build $cmd"
      go build -trimpath -ldflags "$ldflags" -o "$dir/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
  )
  touch "$dir/.complete"
}

build_etcd() {
  local dir="$BIN_ROOT/etcd-$ETCD_VERSION"
  if done_marker "$dir"; then log "etcd $ETCD_VERSION cached in $dir"; return; fi
  local work="$WORK_ROOT/etcd-$ETCD_VERSION"
  log "building etcd $ETCD_VERSION"
  rm -rf "$work" && mkdir -p "$work" "$dir"
  # etcd's server module replaces its siblings with relative paths; a wrapper module builds it.
  printf 'module flotilla.test/etcd-binary\n\ngo 1.25\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$work/go.mod"
  printf 'package main\n' >"$work/doc.go"
  (
    cd "$work"
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null
    go build -trimpath -ldflags "-s -w" -o "$dir/etcd" go.etcd.io/etcd/server/v3
  )
  touch "$dir/.complete"
}

build_kwok() { go_install kwok "$KWOK_VERSION" "$BIN_ROOT/kwok-$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "-s -w"; }
build_helm() {
  go_install helm "$HELM_VERSION" "$BIN_ROOT/helm-$HELM_VERSION" "helm.sh/helm/${HELM_VERSION%%.*}/cmd/helm@$HELM_VERSION" \
    "-s -w -X helm.sh/helm/${HELM_VERSION%%.*}/internal/version.version=$HELM_VERSION"
}
# The hub's render helper: helm's library rendering as `helm template` does, many charts in one process. Its
# go.mod pins the helm module the helm binary is built from, so both render alike and share the Go build cache.
build_helm_render() {
  local src="$here/../tools/helm-render" dir="$BIN_ROOT/helm-$HELM_VERSION" pinned sum
  pinned=$(sed -n 's#^require helm.sh/helm/v[0-9]* \(v[^[:space:]]*\).*#\1#p' "$src/go.mod")
  if [ "$pinned" != "$HELM_VERSION" ]; then
    log "tools/helm-render/go.mod requires helm $pinned, but test-binaries.env asks for $HELM_VERSION"; exit 1
  fi
  sum=$(cd "$src" && cat go.mod go.sum ./*.go | sha256sum | cut -d' ' -f1)
  if [ -x "$dir/helm-render" ] && [ "$(cat "$dir/.helm-render-source" 2>/dev/null)" = "$sum" ]; then
    log "helm-render cached in $dir"; return
  fi
  log "building helm-render (helm $HELM_VERSION's library)"
  mkdir -p "$dir"
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$dir/helm-render" .)
  printf '%s\n' "$sum" >"$dir/.helm-render-source"
}
build_kustomize() { go_install kustomize "$KUSTOMIZE_VERSION" "$BIN_ROOT/kustomize-$KUSTOMIZE_VERSION" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" "-s -w"; }
# cosign signs the OCI artifacts of the verification tests, offline (keys from `cosign generate-key-pair`).
build_cosign() { go_install cosign "$COSIGN_VERSION" "$BIN_ROOT/cosign-$COSIGN_VERSION" "github.com/sigstore/cosign/${COSIGN_VERSION%%.*}/cmd/cosign@$COSIGN_VERSION" "-s -w"; }
# versitygw serves S3 from a directory (posix backend): the S3 artifact store tests run against it.
build_versitygw() { go_install versitygw "$VERSITYGW_VERSION" "$BIN_ROOT/versitygw-$VERSITYGW_VERSION" "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" "-s -w"; }
build_controller_tools() { go_install controller-tools "$CONTROLLER_TOOLS_VERSION" "$BIN_ROOT/controller-tools-$CONTROLLER_TOOLS_VERSION" "sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION" "-s -w"; }
build_sops() { go_install sops "$SOPS_VERSION" "$BIN_ROOT/sops-$SOPS_VERSION" "github.com/getsops/sops/v3/cmd/sops@$SOPS_VERSION" "-s -w"; }

# Toxiproxy's server lives in cmd/server, so `go install` names it `server`; it is renamed to what it is.
build_toxiproxy() {
  local dir="$BIN_ROOT/toxiproxy-$TOXIPROXY_VERSION"
  if done_marker "$dir"; then log "toxiproxy $TOXIPROXY_VERSION cached in $dir"; return; fi
  log "building toxiproxy $TOXIPROXY_VERSION"
  mkdir -p "$dir"
  GOBIN="$dir" go install -trimpath -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION" \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  mv "$dir/server" "$dir/toxiproxy-server"
  touch "$dir/.complete"
}

build_flux() {
  local dir="$BIN_ROOT/flux-$FLUX_VERSION"
  if done_marker "$dir"; then log "flux $FLUX_VERSION cached in $dir"; return; fi
  local work="$WORK_ROOT/flux-$FLUX_VERSION"
  log "building flux $FLUX_VERSION"
  rm -rf "$work" && mkdir -p "$work" "$dir"
  # flux2's go.mod carries a replace directive, so `go install` refuses it, and cmd/flux embeds
  # manifests/*.yaml, which upstream generates at release time and leaves out of the module zip. Building
  # a copy of the module as the main module honours the replace; one placeholder manifest satisfies the
  # embed. Only `flux install` and `flux bootstrap` read those manifests, and the tests use neither.
  local src
  src=$(go mod download -json "github.com/fluxcd/flux2/v2@$FLUX_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
  cp -R "$src/." "$work/" && chmod -R u+w "$work"
  mkdir -p "$work/cmd/flux/manifests"
  printf '# placeholder: this build of flux embeds no install manifests\n' >"$work/cmd/flux/manifests/placeholder.yaml"
  (
    cd "$work"
    go build -trimpath -ldflags "-s -w -X main.VERSION=${FLUX_VERSION#v}" -o "$dir/flux" ./cmd/flux
  )
  touch "$dir/.complete"
}

# source-controller and kustomize-controller at the versions flux2 requires, so real Flux can run beside the
# agent as the oracle of its behaviour. Their go.mod files carry replace directives (their api modules live
# in ./api), so `go install` refuses them; a copy of each module built as the main module honours them.
build_flux_controller() { # name version
  local name=$1 version=$2 gomod pinned
  gomod=$(go mod download -json "github.com/fluxcd/flux2/v2@$FLUX_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  pinned=$(sed -n "s#^[[:space:]]*github.com/fluxcd/$name/api \(v[^[:space:]]*\).*#\1#p" "$gomod")
  if [ "$pinned" != "$version" ]; then
    log "test-binaries.env asks for $name $version, but flux $FLUX_VERSION requires ${pinned:-none}"; exit 1
  fi
  local dir="$BIN_ROOT/$name-$version"
  if done_marker "$dir"; then log "$name $version cached in $dir"; return; fi
  local work="$WORK_ROOT/$name-$version" src
  log "building $name $version (the version flux $FLUX_VERSION requires)"
  rm -rf "$work" && mkdir -p "$work" "$dir"
  src=$(go mod download -json "github.com/fluxcd/$name@$version" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
  cp -R "$src/." "$work/" && chmod -R u+w "$work"
  (
    cd "$work"
    # The module zip leaves out ./api (a module of its own), so the published api module of the same tag is used.
    go mod edit -dropreplace="github.com/fluxcd/$name/api"
    local r
    for r in $FLUX_CONTROLLER_GO_REPLACES; do go mod edit -replace="$r"; done
    go build -trimpath -ldflags "-s -w" -o "$dir/$name" .
  )
  touch "$dir/.complete"
}
build_source_controller() { build_flux_controller source-controller "$SOURCE_CONTROLLER_VERSION"; }
build_kustomize_controller() { build_flux_controller kustomize-controller "$KUSTOMIZE_CONTROLLER_VERSION"; }

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(kubernetes etcd kwok helm kustomize sops flux toxiproxy cosign versitygw source-controller kustomize-controller controller-tools helm-render)
mkdir -p "$BIN_ROOT" "$WORK_ROOT"
for t in "${tools[@]}"; do
  case "$t" in
    kubernetes|etcd|kwok|helm|kustomize|sops|flux|toxiproxy|cosign|versitygw) "build_$t" ;;
    source-controller|kustomize-controller|controller-tools|helm-render) "build_${t//-/_}" ;;
    *) log "unknown tool: $t (known: kubernetes etcd kwok helm kustomize sops flux toxiproxy cosign versitygw source-controller kustomize-controller controller-tools helm-render)"; exit 2 ;;
  esac
done
log "all requested binaries are in $BIN_ROOT"
