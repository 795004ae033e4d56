#!/usr/bin/env bash
# Validates the Prometheus configuration, the alert rules and their unit tests, and
# every PromQL expression of the Grafana dashboards, with promtool.
# Installs promtool (Debian package `prometheus`) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null; then
  echo "[check-prometheus] installing promtool (apt package prometheus)" >&2
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version | head -1

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# prometheus.yml names the rules by their path inside the container; check the config against a copy that points at the repo's file.
mkdir -p "$tmp/config/rules"
cp deploy/prometheus/rules/authwatch.rules.yml "$tmp/config/rules/"
sed "s#/etc/prometheus/rules/#rules/#" deploy/prometheus/prometheus.yml > "$tmp/config/prometheus.yml"
echo "== promtool check config deploy/prometheus/prometheus.yml"
promtool check config "$tmp/config/prometheus.yml"

echo "== promtool check rules deploy/prometheus/rules/authwatch.rules.yml"
promtool check rules deploy/prometheus/rules/authwatch.rules.yml

echo "== promtool test rules deploy/prometheus/rules/authwatch.rules.test.yml"
promtool test rules deploy/prometheus/rules/authwatch.rules.test.yml

echo "== dashboards: every PromQL expression (as recording rules)"
npx --no-install tsx grafana/src/promql-rules.ts "$tmp/dashboards.rules.yml"
promtool check rules "$tmp/dashboards.rules.yml"

echo "[check-prometheus] OK"
