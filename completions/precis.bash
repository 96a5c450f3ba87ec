# bash completion for precis(1) and precisd(8)                -*- shell-script -*-
#
# Commands and options are read from the programs' own --help, so the
# completion follows whatever the installed precis accepts; the values of a
# few options are listed here.  Article IDs and hash prefixes for show and
# forget come from the store (`precis list --json`, the newest 200), found
# with the --db/--config given on the line being completed.

# The commands, from `precis --help`.
_precis_commands()
{
	"$1" --help 2>/dev/null |
		sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The global options, from the "global options" part of `precis --help`.
_precis_global_options()
{
	"$1" --help 2>/dev/null | sed -n '/^global options/,/^$/p' |
		grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# The options of one command: those on its usage lines and at the start of
# its option lines in `precis CMD --help` (not ones named in the prose).
_precis_command_options()
{
	"$1" "$2" --help 2>/dev/null |
		grep -E '^(usage:| +\[| +-)' |
		grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# The values an option takes.  $1 program, $2 command, $3 option.
_precis_option_values()
{
	case $3 in
	--algorithm) echo "default textrank lead" ;;
	--color) echo "auto always never" ;;
	--sort) echo "time title" ;;
	--since | --until) echo "today yesterday 1h 12h 1d 7d 2w" ;;
	--lang)
		echo auto
		"$1" summarize --help 2>/dev/null | sed -n '/^languages/,/^$/p' |
			sed 1d
		;;
	--format)
		# The choices its usage line gives: "--format jsonl|csv".
		"$1" "$2" --help 2>/dev/null | grep -E '^(usage:| +\[)' |
			sed -n 's/.*--format \([a-z0-9|]*\).*/\1/p' | tr '|' ' '
		;;
	esac
}

# IDs and 12-digit hash prefixes of the newest articles in the store.
# $1 program, then the global options (--db, --config) of the line.
_precis_articles()
{
	local prog=$1
	shift
	"$prog" "$@" list --json --limit 200 2>/dev/null |
		sed -n -e 's/^    "id": \([0-9]*\),$/\1/p' \
			-e 's/^    "hash": "\([0-9a-f]\{12\}\)[0-9a-f]*",$/\1/p'
}

_precis()
{
	local cur prev words cword
	_init_completion -s || return

	local prog=${words[0]} cmd="" i w globals=()
	# Find the command and the global options that choose the store.
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--db | --config)
			globals+=("$w" "${words[i + 1]}")
			((i++))
			;;
		--db=* | --config=*) globals+=("$w") ;;
		-*) ;;
		*) [[ -z $cmd ]] && cmd=$w ;;
		esac
	done

	case $prev in
	--db | --config | --output | --to)
		_filedir
		return
		;;
	--limit | --sentences | --words | --ratio | --keywords | --jobs | --title | --host | --batch)
		return
		;;
	--algorithm | --color | --sort | --since | --until | --lang | --format)
		COMPREPLY=($(compgen -W "$(_precis_option_values "$prog" "$cmd" "$prev")" -- "$cur"))
		return
		;;
	esac
	# --color=WHEN and the like, split by _init_completion -s.
	if [[ $split == true ]]; then
		case $prev in
		--db | --config | --output) _filedir ;;
		*) COMPREPLY=($(compgen -W "$(_precis_option_values "$prog" "$cmd" "$prev")" -- "$cur")) ;;
		esac
		return
	fi

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_precis_global_options "$prog")" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_precis_commands "$prog")" -- "$cur"))
		fi
		return
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_precis_command_options "$prog" "$cmd")
			$(_precis_global_options "$prog")" -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi

	case $cmd in
	show | forget)
		if [[ $cur == */* || $cur == .* ]]; then
			_filedir
		else
			COMPREPLY=($(compgen -W "$(_precis_articles "$prog" "${globals[@]}")" -- "$cur"))
		fi
		;;
	summarize | extract)
		_filedir
		;;
	import)
		_filedir
		;;
	esac
}
complete -F _precis precis

_precisd()
{
	local cur prev words cword
	_init_completion || return

	case $prev in
	--config | --db)
		_filedir
		return
		;;
	--inbox)
		_filedir -d
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$1" --help 2>/dev/null |
			grep -E '^(usage:| +-)' | grep -o -- '--\?[a-z][a-z0-9-]*' |
			grep '^-' | sort -u)" -- "$cur"))
	fi
}
complete -F _precisd precisd

# ex: filetype=sh
