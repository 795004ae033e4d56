#!/usr/bin/env bash
# Validates the deployment artefacts offline, with tools it installs itself (cached in .cache/deploy):
#   1. docker-compose.yml against the Compose Specification (schema, interpolation, dependencies,
#      profiles), with compose-go — the library `docker compose config` uses (tools/compose-validate).
#   2. deploy/k8s: each overlay rendered by kustomize and validated by kubeconform (strict) against
#      Kubernetes JSON schemas from the PyPI package kubernetes-validate and a ScaledObject schema
#      generated from the KEDA CRD in the Go module github.com/kedacore/keda/v2.
#   3. deploy/k8s consistency a schema cannot see (tools/deploy/check_k8s.py): KEDA maxReplicaCount
#      = KAFKA_PARTITIONS, trigger topic/group = what the stage consumes, probes, resources, PDBs,
#      and the chDB recorder as a single-replica StatefulSet on a volume.
# Needs: network access to the Go module proxy and PyPI on first run; Go (any version, or none) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

GO_TOOLCHAIN_VERSION=go1.24.5
KUSTOMIZE_VERSION=v5.7.1
KUBECONFORM_VERSION=v0.7.0
KEDA_VERSION=v2.21.0
KUBERNETES_VERSION=1.33.0
KUBERNETES_VALIDATE_VERSION=1.37.0
PYYAML_VERSION=6.0.2

cache="$root/.cache/deploy"
bin="$cache/bin"
mkdir -p "$bin"
export GOPATH="$cache/gopath" GOMODCACHE="$cache/gopath/pkg/mod" GOFLAGS=-modcacherw GOTOOLCHAIN=auto
log() { echo "[validate-deploy] $*" >&2; }

# --- Go: the one on PATH if it is 1.21+ (it fetches newer toolchains itself), else the toolchain module from the Go proxy.
go_ok() { command -v go >/dev/null && go version | grep -Eq 'go1\.(2[1-9]|[3-9][0-9])'; }
if ! go_ok; then
  goroot="$cache/go-$GO_TOOLCHAIN_VERSION"
  if [ ! -x "$goroot/bin/go" ]; then
    os="$(uname -s | tr '[:upper:]' '[:lower:]')"
    arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; esac
    proxy="${GOPROXY:-https://proxy.golang.org}"; proxy="${proxy%%,*}"
    log "fetching Go $GO_TOOLCHAIN_VERSION ($os-$arch) from $proxy (module golang.org/toolchain)"
    tmpzip="$(mktemp)"
    curl -fsSL "$proxy/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN_VERSION.$os-$arch.zip" -o "$tmpzip"
    rm -rf "$goroot.tmp" && mkdir -p "$goroot.tmp"
    (cd "$goroot.tmp" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$tmpzip")
    mv "$goroot.tmp/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN_VERSION.$os-$arch" "$goroot"
    rm -rf "$goroot.tmp" "$tmpzip"
    chmod +x "$goroot"/bin/* "$goroot"/pkg/tool/*/* 2>/dev/null || true
  fi
  export PATH="$goroot/bin:$PATH" GOROOT="$goroot"
fi

go_tool() { # binary module@version
  local name=$1 pkg=$2 marker="$bin/.$1.version"
  if [ -x "$bin/$name" ] && [ "$(cat "$marker" 2>/dev/null)" = "$pkg" ]; then return; fi
  log "go install $pkg"
  GOBIN="$bin" go install "$pkg"
  echo "$pkg" > "$marker"
}
go_tool kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
go_tool kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
(cd tools/compose-validate && go build -o "$bin/compose-validate" .)

# --- Python with PyYAML for the schema builder and the consistency checks.
venv="$cache/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import yaml; assert yaml.__version__ == '$PYYAML_VERSION'" 2>/dev/null; then
  log "python venv with PyYAML $PYYAML_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyyaml==$PYYAML_VERSION"
fi

# --- Schemas: Kubernetes (kubernetes-validate wheel) + KEDA ScaledObject (CRD from the KEDA Go module).
schemas="$cache/schemas/k8s-v$KUBERNETES_VERSION-keda-$KEDA_VERSION"
if [ ! -f "$schemas/.complete" ]; then
  log "building kubeconform schemas in $schemas"
  wheels="$cache/wheels"
  mkdir -p "$wheels"
  "$venv/bin/pip" download -q --no-deps -d "$wheels" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  wheel="$(ls "$wheels"/kubernetes_validate-"$KUBERNETES_VALIDATE_VERSION"-*.whl)"
  unpacked="$cache/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION"
  rm -rf "$unpacked" && mkdir -p "$unpacked"
  "$venv/bin/python" - "$wheel" "$unpacked" "v$KUBERNETES_VERSION-local-strict" <<'PY'
import sys, zipfile
wheel, out, version = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix)]
    if not names:
        sys.exit(f"{wheel} has no schemas for {version}")
    z.extractall(out, names)
PY
  keda_dir="$(cd "$cache" && go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  rm -rf "$schemas" && mkdir -p "$schemas"
  "$venv/bin/python" tools/deploy/k8s_schemas.py \
    --k8s "$unpacked/kubernetes_validate/kubernetes-json-schema/v$KUBERNETES_VERSION-local-strict" \
    --crd "$keda_dir/config/crd/bases/keda.sh_scaledobjects.yaml" \
    --out "$schemas"
  touch "$schemas/.complete"
fi

echo "== docker-compose.yml (compose-spec, all profiles)"
"$bin/compose-validate" docker-compose.yml
if docker compose version >/dev/null 2>&1; then docker compose --profile '*' config --quiet && echo "docker compose config: valid"; fi

echo "== deploy/k8s (kustomize $KUSTOMIZE_VERSION, kubeconform $KUBECONFORM_VERSION, Kubernetes $KUBERNETES_VERSION, KEDA $KEDA_VERSION)"
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
for overlay in deploy/k8s/overlays/*/; do
  name="$(basename "$overlay")"
  "$bin/kustomize" build "$overlay" > "$rendered/$name.yaml"
  echo "-- $name"
  "$bin/kubeconform" -strict -summary -output text \
    -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
    "$rendered/$name.yaml"
done
"$venv/bin/python" tools/deploy/check_k8s.py "$rendered"/*.yaml

echo "[validate-deploy] OK"
