# Sourced by bench.sh: a throwaway Postfix (Debian's package, installed but never started as the system MTA) on a
# loopback port, with its own config_directory, queue_directory and data_directory under a temp dir. Every recipient is
# rewritten to one address (virtual_alias_maps static:), which cleanup de-duplicates, and delivered by the virtual agent
# into one Maildir: one file per accepted message, as aiosmtpd's Mailbox handler writes, so MaildirReport reads both.
#
#   postfix_start DIR PORT   # DIR/maildir/{new,cur,tmp} receives the mail; DIR/maillog is the log
#   postfix_stop DIR
postfix_start() {
  local dir="$1" port="$2" uid gid
  uid="$(id -u postfix)"; gid="$(id -g postfix)"
  # mktemp -d makes the run's directory 0700: Postfix's daemons run as postfix and must reach their directories below it.
  chmod a+x "$(dirname "$dir")"
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/mail/maildir/new" "$dir/mail/maildir/cur" "$dir/mail/maildir/tmp"
  chown -R "$uid:$gid" "$dir/data" "$dir/mail"
  cat >"$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.bench.invalid
mydomain = bench.invalid
myorigin = \$myhostname
mydestination =
relayhost =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_recipient_rate_limit = 0
smtpd_peername_lookup = no
smtpd_delay_reject = no
in_flow_delay = 0
disable_dns_lookups = yes
smtp_dns_support_level = disabled
virtual_alias_maps = static:sink@sink.invalid
virtual_alias_domains =
# One copy per message: without the original recipient, cleanup drops the duplicates the alias made.
enable_original_recipient = no
virtual_mailbox_domains = sink.invalid
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:maildir/
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_destination_concurrency_limit = 20
default_process_limit = 100
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
alias_maps =
alias_database =
biff = no
CF
  cat >"$dir/etc/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
pickup    unix  n - n 60 1 pickup
CF
  # script(1): postfix writes its errors to the terminal, else only to syslog (none here).
  script -qec "postfix -c $dir/etc check" /dev/null >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; return 1; }
  script -qec "postfix -c $dir/etc start" /dev/null >>"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; return 1; }
  local i
  for i in $(seq 1 100); do
    if /usr/bin/python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
assert s.recv(100).startswith(b"220")
PY
    then return 0; fi
    sleep 0.1
  done
  echo "postfix did not greet on 127.0.0.1:$port" >&2; cat "$dir/start.log" "$dir/maillog" >&2 2>/dev/null; return 1
}

postfix_stop() {
  postfix -c "$1/etc" stop >/dev/null 2>&1 || true
}
