# Sourced by run.sh, bench.sh and reliability.sh: installs the Debian packages it is given (the ones each script found
# missing), as root or through sudo.
install_missing() {
  [ $# -gt 0 ] || return 0
  echo "installing: $*"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  timeout 300 $sudo apt-get update -qq
  # Postfix: the benchmarks start a throwaway instance of their own; the system one is neither configured nor started.
  local policy=""
  case " $* " in *" postfix "*)
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null; $sudo chmod +x /usr/sbin/policy-rc.d; policy=1; fi ;;
  esac
  DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y -qq --no-install-recommends "$@"
  [ -z "$policy" ] || $sudo rm -f /usr/sbin/policy-rc.d
}
