#!/usr/bin/env bash
# Check a built bundle the way IT would, offline, and measure it (Linux; run after `make package`):
#   1. every file matches SHA256SUMS beside the bundle;
#   2. no pickle weight files (*.bin *.pt *.pth *.pkl *.ckpt) and no CUDA libraries inside;
#   3. `copydesk self-test --all` (assets, catalog, rule packs with their examples, templates,
#      database, model load + one generation) passes in a network namespace with no network
#      (`unshare -n`), under strace, which must show no internet socket at all; the model must
#      load from the prebuilt cache inside the bundle and nothing may be converted;
#   4. figures: bundle size, start-up time, model-ready time, and time to a shown window.
# Usage: packaging/verify_bundle.sh [BUNDLE_DIR]   (default dist/copydesk)
#   COLD=1 drops the page cache before the timed runs (root only) to measure a cold start.
set -euo pipefail

BUNDLE=$(cd "${1:-dist/copydesk}" && pwd)
EXE="$BUNDLE/copydesk"
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-verify.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "verify_bundle: FAIL: $*" >&2; exit 1; }
say() { echo "verify_bundle: $*"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
# A fresh, empty home for each run: the bundle must need nothing from the user's folders.
fresh_home() { local h; h=$(mktemp -d "$WORK/home.XXXXXX"); echo "$h"; }
offline() { unshare -n -- "$@"; }
drop_caches() {
  if [ "${COLD:-0}" = 1 ]; then sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || say "(could not drop the page cache; timings are warm)"; fi
}

[ -x "$EXE" ] || fail "$EXE not found; run make package"
unshare -n true 2>/dev/null || fail "unshare -n does not work here (needs root or user namespaces)"
command -v strace > /dev/null || fail "strace is needed to prove no socket is opened (apt-get install strace)"

say "1/4 checksums"
python3 "$HERE/checksums.py" check "$BUNDLE" || fail "bundle does not match SHA256SUMS"

say "2/4 contents"
pickles=$(find "$BUNDLE" -type f \( -iname '*.bin' -o -iname '*.pt' -o -iname '*.pth' -o -iname '*.pkl' -o -iname '*.ckpt' \) -printf '%P\n')
[ -z "$pickles" ] || fail "pickle weight files in the bundle: $pickles"
cuda=$(find "$BUNDLE" -type f \( -iname '*.so*' -o -iname '*.dll' \) \
  \( -iname '*cudart*' -o -iname '*cublas*' -o -iname '*cudnn*' -o -iname '*nccl*' -o -iname '*torch_cuda*' \) -printf '%P\n')
[ -z "$cuda" ] || fail "CUDA libraries in the bundle: $cuda"
model_dir=$(find "$BUNDLE" -type d -path '*copydesk/_data/models/*' | head -1)
[ -n "$model_dir" ] && [ -f "$model_dir/model.safetensors" ] || fail "no prebuilt model cache in the bundle"
size_mb=$(du -sm "$BUNDLE" | cut -f1)
files=$(find "$BUNDLE" -type f | wc -l)
say "bundle: ${size_mb} MB in ${files} files; model cache $(du -sm "$model_dir" | cut -f1) MB; torch $(du -smc "$BUNDLE"/_internal/torch 2>/dev/null | tail -1 | cut -f1) MB; Qt $(du -smc "$BUNDLE"/_internal/PySide6 2>/dev/null | tail -1 | cut -f1) MB"

say "3/4 self-test --all, offline, under strace"
home=$(fresh_home)
set +e
offline env COPYDESK_HOME="$home" HOME="$home" QT_QPA_PLATFORM=offscreen \
  strace -f -qq -e trace=socket,connect -o "$WORK/strace.log" "$EXE" self-test --all > "$WORK/selftest.json" 2> "$WORK/selftest.err"
code=$?
set -e
cat "$WORK/selftest.json"
[ $code -eq 0 ] || { cat "$WORK/selftest.err" >&2; fail "self-test exited $code"; }
python3 - "$WORK/selftest.json" "$BUNDLE" <<'EOF' || fail "self-test summary is not what it should be"
import json, sys
summary = json.load(open(sys.argv[1]))
names = {c["name"] for c in summary["checks"]}
need = {"assets", "catalog", "rules", "generation", "database", "model"}
assert summary["ok"] and names >= need, f"checks {sorted(names)} ok={summary['ok']}"
model = next(c for c in summary["checks"] if c["name"] == "model")
assert sys.argv[2] in model["detail"] and "(folder," in model["detail"], f"model did not load from the bundle: {model['detail']}"
assert "runtime lean-gemma3" in model["detail"] and "adapter" in model["detail"], f"the bundled model should run on the lean decoder: {model['detail']}"
EOF
if grep -E 'socket\((AF_INET|AF_INET6|PF_INET)' "$WORK/strace.log"; then
  fail "the bundle opened an internet socket (lines above)"
fi
families=$(grep -o 'socket(AF_[A-Z0-9]*' "$WORK/strace.log" | sed 's/socket(//' | sort | uniq -c | xargs echo || true)
say "no internet socket opened (sockets created: ${families:-none})"
[ ! -e "$home/cache/models" ] || fail "the first start converted a model into $home/cache/models"
say "nothing converted: the first start used the prebuilt cache"

say "4/4 timings (COLD=${COLD:-0})"
home=$(fresh_home)
drop_caches
t0=$(now); offline env COPYDESK_HOME="$home" "$EXE" --version > /dev/null; t1=$(now)
say "start-up to --version: $(elapsed "$t0" "$t1") s"
drop_caches
t0=$(now)
offline env COPYDESK_HOME="$home" QT_QPA_PLATFORM=offscreen "$EXE" self-test --only model > "$WORK/model.json"
t1=$(now)
load=$(python3 -c "import json,sys,re; d=json.load(open(sys.argv[1]))['checks'][0]['detail']; print(re.search(r'loaded in ([0-9.]+) s', d).group(1))" "$WORK/model.json")
say "model ready: ${load} s inside the app (load + copy into RAM); whole command incl. start-up, one generation and exit: $(elapsed "$t0" "$t1") s"
drop_caches
t0=$(now)
offline env COPYDESK_HOME="$home" QT_QPA_PLATFORM=offscreen "$EXE" gui --screenshot "$WORK/compose.png" > /dev/null
t1=$(now)
say "gui --screenshot (start, demo database, two template drafts, render, exit): $(elapsed "$t0" "$t1") s"
if command -v Xvfb > /dev/null && command -v xdotool > /dev/null; then
  display=:$((90 + RANDOM % 9))
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp > /dev/null 2>&1 &
  xvfb=$!
  sleep 1
  drop_caches
  t0=$(now)
  offline env COPYDESK_HOME="$home" COPYDESK_ALLOW_USER_OVERRIDE=1 DISPLAY="$display" QT_QPA_PLATFORM=xcb "$EXE" gui --user it-check > "$WORK/gui.log" 2>&1 &
  app=$!
  shown=""
  for _ in $(seq 1 600); do
    if DISPLAY="$display" xdotool search --onlyvisible --name copydesk > /dev/null 2>&1; then shown=$(now); break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$shown" ] || { cat "$WORK/gui.log" >&2; kill "$app" 2>/dev/null; kill "$xvfb"; fail "the window never showed"; }
  say "start to window shown (real GUI on Xvfb): $(elapsed "$t0" "$shown") s"
  sleep 2
  DISPLAY="$display" xdotool search --onlyvisible --name copydesk windowclose > /dev/null 2>&1 || true
  sleep 1
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
else
  say "(Xvfb/xdotool not installed: no real-window timing; apt-get install xvfb xdotool)"
fi
say "OK"
