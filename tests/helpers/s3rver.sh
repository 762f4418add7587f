# Sourced by tests of object storage (after lib.sh): start_s3rver starts
# s3rver 3.7.1 (a real S3 API server, from the npm registry, installed once
# into .cache/s3rver of the source tree) on a free port of 127.0.0.1 with
# the bucket "bkt", points GDAL at it (AWS_S3_ENDPOINT, AWS_HTTPS=NO,
# AWS_VIRTUAL_HOSTING=FALSE, s3rver's own credentials) and stops it by pid
# when the test exits. Sets S3_PORT and S3_DATA (s3rver's directory: one
# OBJECT._S3rver_object file per object). Exits 77, saying why, only when
# node or npm is missing or the install fails (scripts/setup.sh installs
# them).
S3RVER_DIR="$(cd "$HELPERS/../.." && pwd)/.cache/s3rver"

install_s3rver() {
  command -v node >/dev/null && command -v npm >/dev/null ||
    { echo "SKIP: node/npm not installed (scripts/setup.sh installs them)"; exit 77; }
  mkdir -p "$S3RVER_DIR"
  (
    flock 9
    [ -x "$S3RVER_DIR/node_modules/.bin/s3rver" ] ||
      npm install --prefix "$S3RVER_DIR" --no-audit --no-fund --silent \
        s3rver@3.7.1 >"$T/npm.log" 2>&1
  ) 9>"$S3RVER_DIR/.lock" ||
    { cat "$T/npm.log"; echo "SKIP: npm install s3rver@3.7.1 failed"; exit 77; }
}

# s3rver_up PORT: waits until s3rver answers on PORT.
s3rver_up() {
  for _ in $(seq 100); do
    /usr/bin/python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "s3rver did not start: $(cat "$T/s3rver.log")"
}

start_s3rver() {
  install_s3rver
  S3_DATA="$T/s3data"
  mkdir -p "$S3_DATA"
  S3_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$S3RVER_DIR/node_modules/.bin/s3rver" -d "$S3_DATA" -a 127.0.0.1 \
    -p "$S3_PORT" --configure-bucket bkt >"$T/s3rver.log" 2>&1 &
  S3RVER_PID=$!
  trap 'kill $S3RVER_PID 2>/dev/null; wait $S3RVER_PID 2>/dev/null || true; rm -rf "$T"' EXIT
  s3rver_up "$S3_PORT"
  export AWS_S3_ENDPOINT="127.0.0.1:$S3_PORT" AWS_HTTPS=NO
  export AWS_VIRTUAL_HOSTING=FALSE AWS_REGION=us-east-1
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER-secret-not-to-be-logged
  export XDG_STATE_HOME="$T/state"   # the local journal of an S3 OUT_DIR
}

# s3_objects PREFIX: the keys under bkt/PREFIX, one per line, sorted.
s3_objects() {
  (cd "$S3_DATA/bkt" 2>/dev/null && find . -name '*._S3rver_object' |
     sed 's|^\./||; s|\._S3rver_object$||' | grep "^$1" | sort) || true
}

# s3_get KEY FILE: the object's bytes.
s3_get() { cp "$S3_DATA/bkt/$1._S3rver_object" "$2"; }
