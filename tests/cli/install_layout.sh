# label: cli
# cmake --install puts the supervisor in bin/, the worker in
# libexec/rasterpool/, the man page in share/man/man1, and the installed
# supervisor finds its worker there.
. "$(dirname "$0")/lib.sh"
build=$(dirname "$RASTERPOOL")
cmake --install "$build" --prefix "$T/prefix" >/dev/null
[ -x "$T/prefix/bin/rasterpool" ] || fail "no bin/rasterpool"
[ -x "$T/prefix/libexec/rasterpool/rasterpool-worker" ] || fail "no worker"
[ -f "$T/prefix/share/man/man1/rasterpool.1" ] || fail "no man page"
[ ! -e "$T/prefix/bin/rasterpool-worker" ] || fail "worker in bin/"
rc=0
env -u RASTERPOOL_WORKER "$T/prefix/bin/rasterpool" --version >"$T/log" 2>&1 || rc=$?
expect_rc 0
expect_in "$T/log" "$T/prefix/bin/../libexec/rasterpool/rasterpool-worker: GDAL 3."
man -l "$T/prefix/share/man/man1/rasterpool.1" 2>/dev/null | grep -q "EXIT STATUS" \
  || groff -man -Tutf8 "$T/prefix/share/man/man1/rasterpool.1" 2>/dev/null | grep -q "EXIT STATUS" \
  || grep -q '^.SH EXIT STATUS' "$T/prefix/share/man/man1/rasterpool.1" || fail "man page"
