#!/bin/sh
# Removes packages with the system's package manager (AWS-Remove-Application):
# remove-packages.sh <runAsUser> <package...>; an argument may hold several names separated by spaces.
. "$(dirname -- "$0")/iotjobs-handler-lib.sh"
handler_start "$@"
shift
# "a b" in one argument (as the managed template passes its parameter) becomes a and b; patterns are off
set -- $*
package_action remove "$@"
