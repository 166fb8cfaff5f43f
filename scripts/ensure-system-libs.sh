#!/usr/bin/env bash
# Installs the system libraries Qt needs to run offscreen (tests, screenshots), a CJK font and
# the PostgreSQL server the team-library tests start,
# when they are missing and we may install them (root + apt). Otherwise says what is missing.
set -u
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libEGL.so.1        || need+=(libegl1)
have_lib libGL.so.1         || need+=(libgl1)
have_lib libxkbcommon.so.0  || need+=(libxkbcommon0)
have_lib libfontconfig.so.1 || need+=(libfontconfig1)
have_lib libdbus-1.so.3     || need+=(libdbus-1-3)
have_lib libglib-2.0.so.0   || need+=(libglib2.0-0)
# Chinese must render in screenshots and on machines without a CJK font.
fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk|noto serif cjk|droid sans fallback' || need+=(fonts-wqy-microhei)
command -v fc-list >/dev/null || need+=(fontconfig)
# The team-library tests start a throwaway PostgreSQL server (initdb + pg_ctl, pg_trgm).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || need+=(postgresql postgresql-contrib)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages copydesk's tests need: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "warning: could not install ${need[*]}; Qt tests may fail" >&2; exit 0; }
else
  echo "warning: missing system packages: ${need[*]} (install them with your package manager; without PostgreSQL the team-library tests are skipped)" >&2
fi
