#!/bin/sh
# Restarts services (AWS-Restart-Application): restart-services.sh <runAsUser> <service...>; an argument may hold
# several names separated by spaces.
. "$(dirname -- "$0")/iotjobs-handler-lib.sh"
handler_start "$@"
shift
# "a b" in one argument (as the managed template passes its parameter) becomes a and b; patterns are off
set -- $*
service_action restart "$@"
