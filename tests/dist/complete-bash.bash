# Run the bash completion of precis on one command line and print the
# candidates, one per line.  Usage (bash):
#   bash complete-bash.bash COMPLETION-FILE 'precis show ' [CURSOR]
# The line is split into words as bash does; the cursor is at its end.
# Needs bash-completion (for _init_completion).
set -u
. /usr/share/bash-completion/bash_completion
. "$1"
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
read -r -a COMP_WORDS <<<"$COMP_LINE"
if [[ $COMP_LINE == *" " ]]; then
	COMP_WORDS+=("")
fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
func=_precis
[[ ${COMP_WORDS[0]} == *precisd ]] && func=_precisd
"$func" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
printf '%s\n' "${COMPREPLY[@]}"
