# Helpers of the IoT Jobs SDK's standard job handlers (POSIX sh). Each handler reads this file from its own
# directory. A handler is started as "<handler> <runAsUser> <arguments...>": the first argument is the user
# the job asks the step to run as (empty for the agent's own user), as the AWS IoT Device Client does.

set -eu
# arguments are never expanded as file patterns
set -f

run_as=""

# handler_start "$@": takes the user from the arguments; the caller then drops it with "shift".
handler_start() {
    run_as=${1-}
}

say() {
    printf '%s\n' "$*"
}

fail() {
    printf '%s: %s\n' "$(basename -- "$0")" "$*" >&2
    exit 1
}

# as_user COMMAND [ARG...]: runs the command as the job's user (runuser as root, else sudo without a
# password prompt), or as it is when the job named no other user.
as_user() {
    if [ -z "$run_as" ] || [ "$run_as" = "$(id -un)" ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
        runuser -u "$run_as" -- "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n -u "$run_as" -- "$@"
    else
        fail "cannot run as user $run_as: neither runuser (as root) nor sudo is available"
    fi
}

# check_names KIND PATTERN NAME...: every name must match the extended regular expression (and so can never
# be taken for an option).
check_names() {
    kind=$1
    pattern=$2
    shift 2
    [ "$#" -gt 0 ] || fail "no $kind given"
    for name in "$@"; do
        printf '%s\n' "$name" | grep -Eqx -- "$pattern" || fail "not a valid $kind name: $name"
    done
}

# package_manager: the first package manager found, or failure.
package_manager() {
    for manager in apt-get dnf yum zypper apk opkg; do
        if command -v "$manager" >/dev/null 2>&1; then
            printf '%s\n' "$manager"
            return 0
        fi
    done
    fail "no supported package manager found (apt-get, dnf, yum, zypper, apk, opkg)"
}

PACKAGE_NAME='[A-Za-z0-9][A-Za-z0-9+._:=~-]*'
SERVICE_NAME='[A-Za-z0-9][A-Za-z0-9@._:-]*'

# package_action install|remove PACKAGE...: installs or removes packages with the first package manager found,
# without questions.
package_action() {
    action=$1
    shift
    check_names package "$PACKAGE_NAME" "$@"
    manager=$(package_manager)
    case $manager:$action in
        apt-get:*) as_user env DEBIAN_FRONTEND=noninteractive apt-get "$action" -y "$@" ;;
        dnf:* | yum:*) as_user "$manager" "$action" -y "$@" ;;
        zypper:*) as_user zypper --non-interactive "$action" "$@" ;;
        apk:install) as_user apk add "$@" ;;
        apk:remove) as_user apk del "$@" ;;
        opkg:*) as_user opkg "$action" "$@" ;;
    esac
    say "$action with $manager: $*"
}

# service_action ACTION SERVICE...: starts, stops or restarts services with systemd, or with the service
# command or init scripts where there is no systemd.
service_action() {
    action=$1
    shift
    check_names service "$SERVICE_NAME" "$@"
    for service in "$@"; do
        if command -v systemctl >/dev/null 2>&1; then
            as_user systemctl "$action" "$service"
        elif command -v service >/dev/null 2>&1; then
            as_user service "$service" "$action"
        elif [ -x "/etc/init.d/$service" ]; then
            as_user "/etc/init.d/$service" "$action"
        else
            fail "cannot $action $service: no systemctl, service command or init script"
        fi
        say "$action: $service"
    done
}
