# fish completion for precis(1) and precisd(8).
# Commands and options come from the programs' own --help, so the
# completion follows whatever the installed precis accepts; the values of a
# few options are listed here.  Article IDs and hash prefixes for show and
# forget come from the store (`precis list --json`, the newest 200).

# The program being completed (precis, or a path to it).
function __precis_prog
    set -l tokens (commandline -opc)
    echo $tokens[1]
end

# The global options on the line that choose the store (--db, --config).
function __precis_globals
    set -l tokens (commandline -opc)
    set -e tokens[1]
    while set -q tokens[1]
        switch $tokens[1]
            case --db --config
                echo $tokens[1]
                set -q tokens[2]; and echo $tokens[2]
                set -e tokens[1]
            case '--db=*' '--config=*'
                echo $tokens[1]
        end
        set -e tokens[1]
    end
end

# The command on the line, if there is one yet.
function __precis_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    while set -q tokens[1]
        switch $tokens[1]
            case --db --config
                set -e tokens[1]
            case '-*'
            case '*'
                echo $tokens[1]
                return 0
        end
        set -e tokens[1]
    end
    return 1
end

function __precis_command_in
    set -l cmd (__precis_command); or return 1
    contains -- $cmd $argv
end

# Commands with their one-line help, from `precis --help`.
function __precis_commands
    set -l prog (__precis_prog)
    $prog --help 2>/dev/null | awk '
        /^commands:/ { on = 1; next }
        on && /^$/ { exit }
        on && /^  [a-z]/ { name = $1; next }
        on && name != "" { sub(/^ +/, ""); print name "\t" $0; name = "" }'
end

function __precis_global_options
    set -l prog (__precis_prog)
    $prog --help 2>/dev/null | sed -n '/^global options/,/^$/p' |
        string match -r -a -- '--[a-z][a-z0-9-]*' | sort -u
end

# The options of the command on the line (usage and option lines only).
function __precis_command_options
    set -l cmd (__precis_command); or return
    set -l prog (__precis_prog)
    $prog $cmd --help 2>/dev/null | string match -r -- '^(usage:| +\[| +-).*' |
        string match -r -a -- '--[a-z][a-z0-9-]*' | sort -u
end

# Does the command on the line take option $argv[1]?
function __precis_takes
    contains -- $argv[1] (__precis_command_options)
end

function __precis_formats
    set -l cmd (__precis_command); or return
    set -l prog (__precis_prog)
    $prog $cmd --help 2>/dev/null | string match -r -- '^(usage:| +\[).*' |
        string match -r -g -- '--format ([a-z0-9|]+)' | string split '|'
end

function __precis_languages
    echo auto
    set -l prog (__precis_prog)
    $prog summarize --help 2>/dev/null | sed -n '/^languages/,/^$/p' |
        sed 1d | string split ' ' | string match -r '^[a-z]+$'
end

# IDs and 12-digit hash prefixes of the newest articles, with titles.
function __precis_articles
    set -l prog (__precis_prog)
    $prog (__precis_globals) list --json --limit 200 2>/dev/null |
        awk '
        /^    "id": / { id = $2; sub(/,$/, "", id) }
        /^    "hash": / { h = substr($2, 2, 12) }
        /^    "title": / {
            t = $0; sub(/^    "title": "/, "", t); sub(/",$/, "", t)
            print h "\t" t; print id "\t" t }'
end

complete -c precis -f
# Options only once a dash is typed, so IDs and commands are not buried.
function __precis_dash
    string match -q -- '-*' (commandline -ct)
end
complete -c precis -n 'not __precis_command; and not __precis_dash' -a '(__precis_commands)'
complete -c precis -n 'not __precis_command; and __precis_dash' -a '(__precis_global_options)'
complete -c precis -n '__precis_command; and __precis_dash' -a '(__precis_command_options)'
complete -c precis -l db -r -F -d 'the store'
complete -c precis -l config -r -F -d 'configuration file'
complete -c precis -l color -x -a 'auto always never' -d 'mark search matches'
complete -c precis -n '__precis_takes --algorithm' -l algorithm -x -a 'default textrank lead'
complete -c precis -n '__precis_takes --sort' -l sort -x -a 'time title'
complete -c precis -n '__precis_takes --format' -l format -x -a '(__precis_formats)'
complete -c precis -n '__precis_takes --lang' -l lang -x -a '(__precis_languages)'
complete -c precis -n '__precis_takes --since' -l since -x -a 'today yesterday 1h 12h 1d 7d 2w'
complete -c precis -n '__precis_takes --until' -l until -x -a 'today yesterday 1h 12h 1d 7d 2w'
for opt in limit sentences words ratio keywords jobs title host batch
    complete -c precis -n "__precis_takes --$opt" -l $opt -x
end
complete -c precis -n '__precis_takes --output' -l output -r -F
complete -c precis -n '__precis_takes --to' -l to -r -F
complete -c precis -n '__precis_command_in show forget' -a '(__precis_articles)'
complete -c precis -n '__precis_command_in summarize extract import' -F
# show and forget also take the path an article was stored from.
complete -c precis -n '__precis_command_in show forget; and string match -q -- "*/*" (commandline -ct)' -F

complete -c precisd -f
complete -c precisd -l config -r -F -d 'configuration file'
complete -c precisd -l inbox -x -a '(__fish_complete_directories)' -d 'watch this folder'
complete -c precisd -l db -r -F -d 'store in this file'
complete -c precisd -l check-config -d 'check the configuration and exit'
complete -c precisd -s v -l verbose -d 'more detail'
complete -c precisd -l version
complete -c precisd -l help
