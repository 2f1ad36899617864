#!/bin/sh
# Downloads a file (AWS-Download-File): download-file.sh <runAsUser> <url> <file>.
# The file appears complete or not at all: it is downloaded beside its place and moved there at the end.
. "$(dirname -- "$0")/iotjobs-handler-lib.sh"
handler_start "$@"
shift
url=${1-}
target=${2-}
[ -n "$url" ] && [ -n "$target" ] || fail "usage: download-file.sh <runAsUser> <url> <file>"
as_user mkdir -p -- "$(dirname -- "$target")"
part="$target.part.$$"
trap 'rm -f -- "$part"' EXIT
if command -v curl >/dev/null 2>&1; then
    as_user curl --fail --silent --show-error --location --output "$part" --url "$url"
elif command -v wget >/dev/null 2>&1; then
    as_user wget --quiet --output-document="$part" -- "$url"
else
    fail "neither curl nor wget is installed"
fi
as_user mv -f -- "$part" "$target"
say "downloaded $url to $target ($(wc -c < "$target" | tr -d ' ') bytes)"
