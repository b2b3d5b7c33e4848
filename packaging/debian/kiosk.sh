#!/bin/sh
# /usr/bin/kiosk: the installed kiosk reads the system config unless told otherwise.
set -e
KIOSK_CONFIG="${KIOSK_CONFIG:-/etc/branch-kiosk/config.toml}"
export KIOSK_CONFIG
# Root sees what systemd gives the delivery unit: the API secrets kept apart from the config
# (the screen's account cannot read them).
if [ "$(id -u)" = 0 ] && [ -r /etc/branch-kiosk/secrets.env ]; then
    set -a
    # shellcheck disable=SC1091
    . /etc/branch-kiosk/secrets.env
    set +a
fi
# The outbox belongs to the kiosk account: root running a command that opens it would leave
# root-owned files the services cannot open, so those commands run as branch-kiosk.
if [ "$(id -u)" = 0 ] && id branch-kiosk >/dev/null 2>&1; then
    for arg in "$@"; do
        case "$arg" in
            queue | submit | run | health)
                export HOME=/var/lib/branch-kiosk
                exec setpriv --reuid=branch-kiosk --regid=branch-kiosk --init-groups \
                    -- /opt/branch-kiosk/kiosk "$@"
                ;;
        esac
    done
fi
exec /opt/branch-kiosk/kiosk "$@"
