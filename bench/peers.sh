# Sourced by the side-by-side scripts that run a Python peer on one thread: /usr/bin/python3 as PY,
# OPENBLAS_NUM_THREADS=1, and `install_peers MODULE PACKAGE`, which installs with apt the Debian package of a Python
# module if it does not import, and libopenblas0-pthread if missing (without it, Debian's numpy and PyTorch run the
# reference BLAS, four to five times slower).
PY=/usr/bin/python3
export OPENBLAS_NUM_THREADS=1

install_peers() {
  local missing=()
  "$PY" -c "import $1" 2>/dev/null || missing+=("$2")
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo
    sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
