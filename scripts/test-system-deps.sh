#!/usr/bin/env bash
# System packages the test suite uses: Debian's chromium for the web UI's browser tests.
# Installed when missing and possible (root with apt-get); otherwise the browser tests say why they skip.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests ..."
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    && echo "chromium installed" || echo "note: could not install chromium; browser tests will skip"
else
  echo "note: chromium not found and cannot be installed here (needs root and apt-get); browser tests will skip"
fi
exit 0
