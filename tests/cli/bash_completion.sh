# label: cli
# The bash completion offers every long option `rasterpool --help` lists,
# the operations, and the values of the options that take a fixed set.
. "$(dirname "$0")/lib.sh"
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || { echo "note: bash-completion not installed"; exit 77; }
COMPLETION="$(dirname "$0")/../../contrib/bash-completion/rasterpool"
complete_words() { # WORDS...: what completing the last word offers
  bash -c '
    . "$1"; . "$2"; shift 2
    COMP_WORDS=(rasterpool "$@"); COMP_CWORD=$#
    COMP_LINE="rasterpool $*"; COMP_POINT=${#COMP_LINE}
    _rasterpool
    printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" "$COMPLETION" "$@"
}
offered=$(complete_words --)
for opt in $("$RASTERPOOL" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -qx -- "$opt" <<<"$offered" || fail "--help lists $opt, the completion does not offer it"
done
[ "$(complete_words --resampling cub | sort | tr '\n' ' ')" = "cubic cubicspline " ] \
  || fail "--resampling cub: $(complete_words --resampling cub)"
[ "$(complete_words --start-method f)" = forkserver ] || fail "--start-method f"
complete_words w | grep -qx warp || fail "no operation offered"
mkdir "$T/dir_a"
complete_words warp "$T/di" | grep -qx "$T/dir_a" || fail "no path offered"
