#!/usr/bin/env bash
# Lighthouse benchmark of the sample catalogue (a measurement, not a CI gate).
#
#   bash scripts/lighthouse.sh            # build, serve on 127.0.0.1, 3 runs per page
#   RUNS=5 bash scripts/lighthouse.sh
#
# Builds the site, serves it on 127.0.0.1 with gzip for text (scripts/serve_static.py,
# as any static host does), and runs
# Lighthouse (mobile preset: the default) with Debian's chromium on the home page, the
# catalogue and a product page. Prints, per page type, the median of RUNS runs of the
# four category scores and of the bytes transferred (total and by resource type).
#
# Lighthouse is fetched on demand by npx, pinned to 12.x (13.x changed the report and
# its audits): about 185 MB in 150 packages (puppeteer-core, the trace engine, Sentry),
# too much to put in package.json, which `npm ci` installs for every CI run.
# Site and reports go to $OUT (default /tmp/catalog-lighthouse/), outside the work tree.
set -euo pipefail

LIGHTHOUSE=lighthouse@12.8.2
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-${TMPDIR:-/tmp}/catalog-lighthouse}
PRODUCT=${PRODUCT:-products/kopindo-tanggulangin/tas-jinjing-kulit-sapi/}
PY=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || python3 "$ROOT/scripts/dev.py" setup  # creates .venv/ with the pinned deps
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

command -v npx >/dev/null || { echo "npx (node 20+) is needed" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "no chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT"
echo "building the sample catalogue into $OUT/site" >&2
(cd "$ROOT" && "$PY" -m catalog build -d "$OUT/site" >"$OUT/build.log" 2>&1) \
  || { cat "$OUT/build.log" >&2; exit 1; }

PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" "$ROOT/scripts/serve_static.py" "$OUT/site" "$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  sleep 0.1
done

declare -A PAGES=([home]="" [catalogue]="products/" [product]="$PRODUCT")
for name in home catalogue product; do
  for run in $(seq "$RUNS"); do
    echo "lighthouse: $name, run $run of $RUNS" >&2
    npx --yes "$LIGHTHOUSE" "http://127.0.0.1:$PORT/${PAGES[$name]}" \
      --quiet --no-enable-error-reporting \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="$CHROME_FLAGS" \
      --output=json --output-path="$OUT/$name-$run.json"
  done
done

"$PY" - "$OUT" "$RUNS" <<'EOF'
import json
import statistics
import sys
from pathlib import Path

out, runs = Path(sys.argv[1]), int(sys.argv[2])
cats = ("performance", "accessibility", "best-practices", "seo")
kinds = ("document", "script", "stylesheet", "image", "font", "other")
print(f"\nLighthouse (mobile preset), median of {runs} runs; bytes transferred (gzip for text)")
print(f"{'page':<10} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} {'LCP ms':>7} {'TBT ms':>6} "
      f"{'CLS':>5} {'reqs':>4} {'3rd':>3} {'total KB':>8}  " + " ".join(f"{k[:6]:>6}" for k in kinds))
for name in ("home", "catalogue", "product"):
    reports = [json.loads((out / f"{name}-{i}.json").read_text()) for i in range(1, runs + 1)]
    med = lambda f: statistics.median(f(r) for r in reports)
    score = lambda c: round(med(lambda r: r["categories"][c]["score"] or 0) * 100)
    audit = lambda a: med(lambda r: r["audits"][a].get("numericValue") or 0)

    def summary(kind: str) -> float:
        def one(r):
            items = r["audits"]["resource-summary"]["details"]["items"]
            return next((i for i in items if i["resourceType"] == kind), {})
        return med(lambda r: one(r).get("transferSize", 0)), med(lambda r: one(r).get("requestCount", 0))

    by_kind = " ".join(f"{summary(k)[0] / 1024:6.1f}" for k in kinds)
    print(f"{name:<10} {score('performance'):>4} {score('accessibility'):>4} "
          f"{score('best-practices'):>4} {score('seo'):>4} "
          f"{audit('largest-contentful-paint'):>7.0f} {audit('total-blocking-time'):>6.0f} "
          f"{audit('cumulative-layout-shift'):>5.3f} {summary('total')[1]:>4.0f} "
          f"{summary('third-party')[1]:>3.0f} {audit('total-byte-weight') / 1024:>8.1f}  {by_kind}")
    failing = sorted({a["id"] for r in reports for c in cats[1:]
                      for ref in r["categories"][c]["auditRefs"] if ref["weight"]
                      for a in [r["audits"][ref["id"]]]
                      if a.get("score") is not None and a["score"] < 1})
    if failing:
        print(f"{'':<10} below 100 in a11y/best-practices/seo: {', '.join(failing)}")
print(f"\nreports: {out}/<page>-<run>.json")
EOF
