#!/bin/sh
# `make demo`: the static check of the bundled example, then the measured proof of its fixes.
#
# `lossguard check` exits 1 when it reports findings: that is the expected outcome here, not a
# failure, so this script says so and goes on. The demo's own exit status: 0 when both steps did
# what they should (findings reported, then probed), 1 when the check found nothing (the example is
# meant to have findings), 2 or the probe's status when a step failed.
BIN=${1:-.venv/bin}
SEED=fixtures/seed_autoencoder.py

echo "\$ lossguard check $SEED"
"$BIN/lossguard" check "$SEED"
status=$?
case $status in
  1) echo "(exit status 1: findings reported, as expected for this example; 0 means none, 2 an error)" ;;
  0) echo "demo: lossguard check found nothing in $SEED; it should report LG101 and LG302" >&2; exit 1 ;;
  *) echo "demo: lossguard check failed (exit status $status)" >&2; exit "$status" ;;
esac

echo
echo "\$ lossguard probe $SEED --plot seed_probe.png"
"$BIN/lossguard" probe "$SEED" --plot seed_probe.png || exit $?
