#!/usr/bin/env sh
# The Debian packages the tests and PDF output need: Chromium (browser tests, PDF printing), poppler-utils
# (reading PDFs back), fonts. Installs them when missing and we may; otherwise says what to install.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium fonts-liberation"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "yjinspect needs these Debian packages for its tests and PDF output:$missing" >&2
  echo "Install them with: sudo apt-get install$missing" >&2
  exit 1
fi
