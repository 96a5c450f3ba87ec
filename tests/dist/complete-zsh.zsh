# Run the zsh completion of precis on one command line, outside the
# completion system: compadd, _describe, _files and compset are stood in
# for by functions that print the candidates matching the word being
# completed, one per line, as the completion system would offer them.
# Usage: zsh -f complete-zsh.zsh COMPLETION-FILE 'precis show '
emulate zsh
_offer() {
  local c
  for c in "$@"; do [[ $c == ${_cur}* ]] && print -r -- $c; done
  return 0
}
compadd() {
  local arr
  while (( $# )); do
    case $1 in
      -a) arr=$2; shift 2 ;;
      --) shift; break ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  [[ -n $arr ]] && _offer ${(P)arr}
  _offer "$@"
}
_describe() {
  # _describe [-t TAG] DESCRIPTION ARRAY: the names before ':'.
  [[ $1 == -t ]] && shift 2
  _offer ${${(P)2}%%:*}
}
# _files: the paths that start with the word, as the real one offers them.
_files() { local f; for f in ${_cur}*(N); do print -r -- $f; done }
# compset -P '*=': what follows the '=' is being completed.
compset() { [[ $1 == -P && $_cur == *=* ]] && _cur=${_cur#*=}; return 0 }
words=(${(z)2})
[[ $2 == *' ' ]] && words+=('')
CURRENT=${#words}
_cur=${words[CURRENT]}
service=${words[1]:t}
source $1
