# Sourced by run.sh, bench.sh and reliability.sh: installs the Debian packages it is given (the ones each script found
# missing), as root or through sudo.
install_missing() {
  [ $# -gt 0 ] || return 0
  echo "installing: $*"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  timeout 300 $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y -qq --no-install-recommends "$@"
}
