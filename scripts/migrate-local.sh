#!/usr/bin/env bash
# Applies both databases' migrations to local D1 (default state folder, or the one given).
source "$(dirname "$0")/lib.sh"
migrate_local "${1:-.wrangler/state}"
