# Sourced by tests that read over HTTP (after lib.sh): start_nginx ROOT
# starts nginx on a free port of 127.0.0.1, serving ROOT with byte ranges
# and a directory index, and stops it (by its pid) when the test exits.
# Sets NGINX_PORT and NGINX_LOG (one line per request: METHOD URI STATUS
# BYTES). Exits 77 when nginx is not installed (scripts/setup.sh installs it).
start_nginx() {
  command -v nginx >/dev/null || { echo "note: nginx not installed"; exit 77; }
  local d="$T/nginx"
  mkdir -p "$d"
  chmod 755 "$T"   # nginx workers run as an unprivileged user
  NGINX_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  NGINX_LOG="$d/access.log"
  cat >"$d/nginx.conf" <<EOC
daemon on;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
  log_format rp '\$request_method \$uri \$status \$body_bytes_sent';
  access_log $NGINX_LOG rp;
  client_body_temp_path $d; proxy_temp_path $d;
  fastcgi_temp_path $d; uwsgi_temp_path $d; scgi_temp_path $d;
  server { listen 127.0.0.1:$NGINX_PORT; root $1; autoindex on; }
}
EOC
  nginx -c "$d/nginx.conf" -p "$d" || fail "nginx did not start"
  trap 'kill $(cat "$T/nginx/nginx.pid") 2>/dev/null; rm -rf "$T"' EXIT
}

# requests_for NAME: the requests nginx logged for paths ending in /NAME.
requests_for() {
  sleep 0.1   # nginx logs a request after its response is sent
  awk -v n="/$1" 'substr($2, length($2) - length(n) + 1) == n' "$NGINX_LOG"
}
