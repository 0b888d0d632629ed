#!/bin/sh
# Recompiles the zone files in this folder from its tz source (README.md).
set -eu
cd "$(dirname "$0")"
zic -d . tzdata2025b.zi fictional.zi
