#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL server for the shared-store tests: its own
# cluster in a temp dir, listening only on 127.0.0.1 with TLS (a fresh self-signed CA) and SCRAM
# passwords, so the tests connect exactly as a desk does in production. The cluster is stopped and
# deleted when the command ends, and the command's exit status is returned.
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# The command gets KLACHTBALIE_TEST_POSTGRES_HOST, _PORT, _CA (CA certificate, PEM), _OWNER and
# _OWNER_PASSWORD (LOGIN CREATEDB; owns the database `klachtbalie`), _APP and _APP_PASSWORD
# (LOGIN only), _DATA (the data directory, for tests that scan every file the server writes) and
# _BIN (the server's bin directory, for pg_dump).
#
# Beside it runs a throwaway OpenLDAP directory (slapd, StartTLS with the same test CA), which the
# server asks for the password of every member of the group role klachtbalie_directory (pg_hba
# method `ldap`), as a municipality's directory would: KLACHTBALIE_TEST_LDAP_URI, _LDAP_ADMIN_DN,
# _LDAP_ADMIN_PASSWORD_FILE (may add people) and _LDAP_PEOPLE (their branch, uid=NAME,...). Its
# password policy locks an account after 3 wrong passwords (the directory's lockout).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "Usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

fail() {
  echo "with-postgres.sh: $1" >&2
  local log
  for log in "${tmp:-}/initdb.log" "${tmp:-}/server.log"; do
    if [ -n "${tmp:-}" ] && [ -s "$log" ]; then
      echo "---- last lines of $log ----" >&2
      tail -n 30 "$log" >&2
    fi
  done
  exit 1
}

# Debian keeps the server binaries off PATH, one directory per major version; take the newest.
newest_bin() {
  local dirs
  dirs=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
  [ -x "${dirs##*$'\n'}/initdb" ] && printf '%s\n' "${dirs##*$'\n'}"
}

# Nested use (test.sh wraps several steps in one cluster): reuse a server that already answers.
if [ -n "${KLACHTBALIE_TEST_POSTGRES_PORT:-}" ]; then
  outer_bin=${KLACHTBALIE_TEST_POSTGRES_BIN:-$(newest_bin || true)}
  if [ -n "$outer_bin" ] && "$outer_bin/pg_isready" -q -t 5 \
      -h "${KLACHTBALIE_TEST_POSTGRES_HOST:-127.0.0.1}" -p "$KLACHTBALIE_TEST_POSTGRES_PORT"; then
    exec "$@"
  fi
  echo "with-postgres.sh: nothing answers on KLACHTBALIE_TEST_POSTGRES_PORT=$KLACHTBALIE_TEST_POSTGRES_PORT; starting a server of our own" >&2
fi

bin=$(newest_bin) ||
  fail "no PostgreSQL server found under /usr/lib/postgresql/*/bin; install it with: bash scripts/setup.sh --test (Debian package postgresql)"
for tool in initdb pg_ctl psql pg_isready; do
  [ -x "$bin/$tool" ] || fail "$bin/$tool is missing; reinstall the Debian package postgresql"
done
command -v openssl >/dev/null 2>&1 ||
  fail "the openssl command is missing (for the test CA); install it with: bash scripts/setup.sh --test"
for tool in /usr/sbin/slapd /usr/sbin/slappasswd /usr/sbin/slapadd; do
  [ -x "$tool" ] || fail "$tool is missing (the test directory); install it with: bash scripts/setup.sh --test (Debian package slapd)"
done
command -v ldapadd >/dev/null 2>&1 ||
  fail "ldapadd is missing (the tests add people to the directory); install it with: bash scripts/setup.sh --test (Debian package ldap-utils)"

# initdb and pg_ctl refuse to run as root, so root runs the server as the postgres account the
# Debian package creates; anyone else runs it as themselves. The subshell's cd keeps the server
# user out of a working directory it may not be allowed to enter (e.g. /root).
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root needs the postgres account (Debian package postgresql)"
  as_server() { (cd "$tmp" && runuser -u postgres -- "$@"); }
  # The postgres account must reach the temp dir, which a root-only TMPDIR (/root/...) forbids.
  tmp_parent=/tmp
else
  as_server() { (cd "$tmp" && "$@"); }
  tmp_parent=${TMPDIR:-/tmp}
fi

tmp=""
server_started=0
slapd_pid=""
# shellcheck disable=SC2317  # reached through the trap, which shellcheck 0.9 does not follow
cleanup() {
  local status=$?
  if [ "$server_started" = 1 ]; then
    # Immediate: nothing in a throwaway cluster is worth a shutdown checkpoint.
    as_server "$bin/pg_ctl" stop -D "$tmp/data" -m immediate -w -t 10 -s >/dev/null 2>&1 || {
      # Only the postmaster this script started (its pid file), never anything by name.
      pid=$(head -n 1 "$tmp/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    }
  fi
  if [ -n "$slapd_pid" ]; then kill "$slapd_pid" 2>/dev/null || true; wait "$slapd_pid" 2>/dev/null || true; fi
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT
# A signal ends the script through exit, so the EXIT trap above still stops the server.
trap 'exit 130' INT
trap 'exit 143' TERM

# Short parent path: the unix socket (.s.PGSQL.<port>) lives here and its path is capped at 107 bytes.
tmp=$(mktemp -d "$tmp_parent/klachtbalie-pg.XXXXXX")
mkdir "$tmp/tls"

# TLS is always on, as in production: a CA made for this run only, and a server certificate it
# signs for both names a test may dial, so sslmode=verify-full succeeds for 127.0.0.1 and localhost.
cat >"$tmp/tls/ca.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
x509_extensions = ca_ext
[dn]
CN = Klachtbalie throwaway test CA
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
cat >"$tmp/tls/server.ext" <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
{
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 30 \
    -config "$tmp/tls/ca.cnf" -keyout "$tmp/tls/ca.key" -out "$tmp/tls/ca.crt" &&
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj /CN=localhost \
    -keyout "$tmp/tls/server.key" -out "$tmp/tls/server.csr" &&
  openssl x509 -req -in "$tmp/tls/server.csr" -CA "$tmp/tls/ca.crt" -CAkey "$tmp/tls/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile "$tmp/tls/server.ext" -out "$tmp/tls/server.crt"
} >"$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log" >&2; fail "could not make the test CA and server certificate"; }
# Nothing may sign another certificate this run's clients would trust.
rm -f "$tmp/tls/ca.key" "$tmp/tls/server.csr" "$tmp/openssl.log"
chmod 600 "$tmp/tls/server.key"
owner_password=$(openssl rand -hex 16)
app_password=$(openssl rand -hex 16)

if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$tmp"; fi
chmod 700 "$tmp"

# C.UTF-8 rather than the caller's locale: it exists on every Debian, and a CI's LANG may not.
as_server "$bin/initdb" -D "$tmp/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=reject --no-sync --no-instructions >"$tmp/initdb.log" 2>&1 ||
  fail "initdb failed"
rm -f "$tmp/initdb.log"

# A random start spreads parallel runs; stay below Linux's ephemeral range (32768+).
port_is_free() {
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -Hltn "sport = :$1")" ]
  else
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 1; fi
  fi
}
port=""
start=$((15432 + RANDOM % 16000))
for candidate in $(seq "$start" $((start + 200))); do
  if port_is_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || fail "no free TCP port found in $start..$((start + 200))"
ldap_port=""
for candidate in $(seq $((port + 1)) $((port + 200))); do
  if port_is_free "$candidate"; then ldap_port=$candidate; break; fi
done
[ -n "$ldap_port" ] || fail "no free TCP port found for the test directory after $port"

# The directory: one branch of people, a password policy (lockout after 3 wrong passwords, and
# pwdAccountLockedTime for an account the municipality disabled), StartTLS with the server's
# certificate (its SAN has IP:127.0.0.1; the URI uses the IP, which libldap checks).
ldap_suffix="dc=diemen,dc=nl"
ldap_admin_dn="cn=admin,$ldap_suffix"
ldap_admin_password=$(openssl rand -hex 16)
mkdir -p "$tmp/ldap/db"
# In a file (mode 600), never on a command line a process list shows (-T, -y).
ldap_admin_password_file="$tmp/ldap/admin-password"
( umask 077 && printf '%s' "$ldap_admin_password" >"$ldap_admin_password_file" )
cat >"$tmp/ldap/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile $tmp/ldap/slapd.pid
TLSCACertificateFile $tmp/tls/ca.crt
TLSCertificateFile $tmp/tls/server.crt
TLSCertificateKeyFile $tmp/tls/server.key
database mdb
suffix "$ldap_suffix"
rootdn "$ldap_admin_dn"
rootpw $(/usr/sbin/slappasswd -T "$ldap_admin_password_file")
directory $tmp/ldap/db
overlay ppolicy
ppolicy_default "cn=standaard,ou=policies,$ldap_suffix"
EOF
cat >"$tmp/ldap/base.ldif" <<EOF
dn: $ldap_suffix
objectClass: dcObject
objectClass: organization
o: Gemeente Diemen (test)
dc: diemen

dn: ou=people,$ldap_suffix
objectClass: organizationalUnit
ou: people

dn: ou=policies,$ldap_suffix
objectClass: organizationalUnit
ou: policies

dn: cn=standaard,ou=policies,$ldap_suffix
objectClass: organizationalRole
objectClass: pwdPolicy
cn: standaard
pwdAttribute: userPassword
pwdLockout: TRUE
pwdMaxFailure: 3
pwdLockoutDuration: 900
EOF
/usr/sbin/slapadd -f "$tmp/ldap/slapd.conf" -l "$tmp/ldap/base.ldif" >"$tmp/ldap/slapadd.log" 2>&1 ||
  { cat "$tmp/ldap/slapadd.log" >&2; fail "could not load the test directory"; }
# In the foreground (-d 0) as this script's child, so the cleanup's kill and wait reap it; a
# daemonised slapd is left as a zombie where nothing reaps orphans (a container).
/usr/sbin/slapd -d 0 -f "$tmp/ldap/slapd.conf" -h "ldap://127.0.0.1:$ldap_port/" >"$tmp/ldap/slapd.log" 2>&1 &
slapd_pid=$!
ldap_ready=0
for _ in $(seq 1 100); do
  if LDAPTLS_CACERT="$tmp/tls/ca.crt" ldapwhoami -x -ZZ -H "ldap://127.0.0.1:$ldap_port" -D "$ldap_admin_dn" \
      -y "$ldap_admin_password_file" >/dev/null 2>&1; then ldap_ready=1; break; fi
  sleep 0.1
done
[ "$ldap_ready" = 1 ] || { cat "$tmp/ldap/slapd.log" >&2; fail "the test directory (slapd) on 127.0.0.1:$ldap_port does not answer over StartTLS"; }

# Later settings win, so appending overrides initdb's defaults. Durability is off on purpose:
# the cluster is deleted when the command ends.
cat >>"$tmp/data/postgresql.conf" <<EOF

# with-postgres.sh: throwaway test cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
max_connections = 200
ssl = on
ssl_cert_file = '$tmp/tls/server.crt'
ssl_key_file = '$tmp/tls/server.key'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
# Only TLS with SCRAM over TCP, so a test that connects without TLS or without a password fails
# as it would in production; the superuser only through the socket in the private temp dir
# (mode 700), which is how this script sets the cluster up.
# Members of klachtbalie_directory are checked against the directory (the first matching line wins).
cat >"$tmp/data/pg_hba.conf" <<EOF
# TYPE   DATABASE  USER                    ADDRESS       METHOD
local    all       postgres                              trust
hostssl  all       +klachtbalie_directory  127.0.0.1/32  ldap ldapserver=127.0.0.1 ldapport=$ldap_port ldaptls=1 ldapprefix="uid=" ldapsuffix=",ou=people,$ldap_suffix"
hostssl  all       all                     127.0.0.1/32  scram-sha-256
EOF

server_started=1
# libldap in the server trusts the test CA for the directory's StartTLS.
as_server env LDAPTLS_CACERT="$tmp/tls/ca.crt" "$bin/pg_ctl" start -D "$tmp/data" -l "$tmp/server.log" -w -t 20 -s >/dev/null 2>&1 ||
  fail "the PostgreSQL server on 127.0.0.1:$port failed to start or was not ready within 20 s"

# Through stdin, so the passwords never show in a process list; stored as SCRAM verifiers.
if ! "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$port" -U postgres -d postgres \
    >/dev/null 2>"$tmp/psql.log" <<EOF
CREATE ROLE klachtbalie_owner LOGIN CREATEDB PASSWORD '$owner_password';
CREATE ROLE klachtbalie_app LOGIN PASSWORD '$app_password';
CREATE DATABASE klachtbalie OWNER klachtbalie_owner;
-- Tests only: a test playing the server's administrator cuts the desks' connections (a restart),
-- and makes people's logins (members of klachtbalie_directory log in with the directory).
GRANT pg_signal_backend TO klachtbalie_owner;
ALTER ROLE klachtbalie_owner CREATEROLE;
CREATE ROLE klachtbalie_directory NOLOGIN;
-- People's own logins are members of klachtbalie_person, which passes the desks' grants on;
-- one role per Klachtbalie role (schema 11), which the owner's functions grant (README).
CREATE ROLE klachtbalie_person NOLOGIN IN ROLE klachtbalie_app;
CREATE ROLE klachtbalie_kcc_medewerker NOLOGIN;
CREATE ROLE klachtbalie_klachtbehandelaar NOLOGIN;
CREATE ROLE klachtbalie_klachtcoordinator NOLOGIN;
CREATE ROLE klachtbalie_beheerder NOLOGIN;
GRANT klachtbalie_kcc_medewerker, klachtbalie_klachtbehandelaar, klachtbalie_klachtcoordinator, klachtbalie_beheerder
  TO klachtbalie_owner WITH ADMIN OPTION;
EOF
then
  cat "$tmp/psql.log" >&2
  fail "could not create the roles and the database"
fi

export KLACHTBALIE_TEST_POSTGRES_HOST=127.0.0.1
export KLACHTBALIE_TEST_POSTGRES_PORT="$port"
export KLACHTBALIE_TEST_POSTGRES_CA="$tmp/tls/ca.crt"
export KLACHTBALIE_TEST_POSTGRES_OWNER=klachtbalie_owner
export KLACHTBALIE_TEST_POSTGRES_OWNER_PASSWORD="$owner_password"
export KLACHTBALIE_TEST_POSTGRES_APP=klachtbalie_app
export KLACHTBALIE_TEST_POSTGRES_APP_PASSWORD="$app_password"
export KLACHTBALIE_TEST_POSTGRES_DATA="$tmp/data"
export KLACHTBALIE_TEST_POSTGRES_BIN="$bin"
export KLACHTBALIE_TEST_LDAP_URI="ldap://127.0.0.1:$ldap_port"
export KLACHTBALIE_TEST_LDAP_ADMIN_DN="$ldap_admin_dn"
export KLACHTBALIE_TEST_LDAP_ADMIN_PASSWORD_FILE="$ldap_admin_password_file"
export KLACHTBALIE_TEST_LDAP_PEOPLE="ou=people,$ldap_suffix"

# Not `exec`: the EXIT trap must still stop the server; its status becomes the script's.
set +e
"$@"
exit $?
