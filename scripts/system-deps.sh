#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: Chromium for the browser tests and
# libical (through GObject introspection) as the independent iCalendar validator, and a Chinese
# font so that screenshots of Chinese pages taken by the browser tests are readable.
set -euo pipefail
packages=(chromium gir1.2-ical-3.0 python3-gi fonts-wqy-microhei)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
