#!/bin/sh
# Makes sure OpenLDAP's slapd, slapadd and ldap-utils are installed (the LDAP group lookup tests
# start their own slapd). Installs the Debian packages when they are missing; needs root then.
set -eu
if command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ]; then
  if command -v slapadd >/dev/null 2>&1 || [ -x /usr/sbin/slapadd ]; then
    exit 0
  fi
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-slapd: slapd is not installed and this is not root; run: apt-get install -y slapd ldap-utils" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends slapd ldap-utils >/dev/null
# The package may start a system slapd on port 389; the tests do not use it.
echo "ensure-slapd: installed $(/usr/sbin/slapd -VV 2>&1 | head -n 1)"
