#!/bin/sh
# Crash test, seed 2 of 3 (tests/e2e/crash-driver.py): SIGKILL precisd at
# >= 20 seeded random moments while it ingests 2,000 files; then every file
# is stored once and moved once.  CRASH_SEED=N overrides the seed.
: "${PRECISD_BIN:?PRECISD_BIN is not set}"
exec python3 "$(dirname "$0")/crash-driver.py" "${CRASH_SEED:-15838}"
