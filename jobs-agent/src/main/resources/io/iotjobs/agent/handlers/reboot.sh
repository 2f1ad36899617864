#!/bin/sh
# Reboots the device (AWS-Reboot): reboot.sh <runAsUser>.
#
# Run twice: the first run remembers the boot it started from in the job's work directory and asks for the
# reboot; the agent resumes the job after the device came back and runs the step again, which succeeds when
# the boot changed. IOTJOBS_REBOOT_COMMAND (a command and its arguments, separated by spaces) replaces the
# reboot command, IOTJOBS_BOOT_ID_FILE the file the boot's id is read from, IOTJOBS_REBOOT_WAIT (seconds) how
# long to wait for the reboot before failing.
. "$(dirname -- "$0")/iotjobs-handler-lib.sh"
handler_start "$@"
work=${IOTJOBS_WORK_DIR:-}
[ -n "$work" ] || fail "IOTJOBS_WORK_DIR is not set (the agent sets it)"
state="$work/reboot.boot-id"
boot=$(cat -- "${IOTJOBS_BOOT_ID_FILE:-/proc/sys/kernel/random/boot_id}")
if [ -f "$state" ]; then
    before=$(cat -- "$state")
    rm -f -- "$state"
    [ "$before" != "$boot" ] || fail "the device did not reboot (still boot $boot)"
    say "the device rebooted (boot $before, now $boot)"
    exit 0
fi
printf '%s\n' "$boot" > "$state"
say "rebooting from boot $boot"
if [ -n "${IOTJOBS_REBOOT_COMMAND:-}" ]; then
    # the command and its arguments, split at spaces (patterns are off)
    as_user $IOTJOBS_REBOOT_COMMAND
elif command -v systemctl >/dev/null 2>&1; then
    as_user systemctl reboot
elif command -v reboot >/dev/null 2>&1; then
    as_user reboot
else
    as_user shutdown -r now
fi
# the reboot stops this script; if it does not come, the step fails
wait_for=${IOTJOBS_REBOOT_WAIT:-300}
sleep "$wait_for"
rm -f -- "$state"
fail "the device did not reboot within $wait_for seconds"
