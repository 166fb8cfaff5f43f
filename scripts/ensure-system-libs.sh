#!/usr/bin/env bash
# Installs the system libraries Qt needs to run offscreen (tests, screenshots) and a CJK font,
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

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages Qt needs: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "warning: could not install ${need[*]}; Qt tests may fail" >&2; exit 0; }
else
  echo "warning: missing system packages for Qt: ${need[*]} (install them with your package manager)" >&2
fi
