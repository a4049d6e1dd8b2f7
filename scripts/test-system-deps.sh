#!/usr/bin/env bash
# System packages the test suite uses, installed when missing and possible (root with apt-get):
# - Debian's chromium, for the web UI's browser tests;
# - Debian's postgresql, for the PostgreSQL store tests (they start a throwaway server of their own
#   in a temporary folder, so no cluster needs to be running).
# Where a package cannot be installed, the tests that need it say why they skip.
set -u
can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
updated=0
apt_install() {  # apt_install PACKAGE WHAT-FOR
  if ! can_apt; then
    echo "note: $1 not found and cannot be installed here (needs root and apt-get); $2 will skip"
    return 0
  fi
  echo "installing Debian's $1 for $2 ..."
  if [ "$updated" = "0" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 \
    && echo "$1 installed" || echo "note: could not install $1; $2 will skip"
}

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium "the browser tests"
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  apt_install postgresql "the PostgreSQL store tests"
fi
exit 0
