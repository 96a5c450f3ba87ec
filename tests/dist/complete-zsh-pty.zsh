# Complete one command line in a real interactive zsh (compinit, the
# completion system, _precis from COMPLETION-DIR) on a pseudo-terminal and
# print what it lists, escape sequences removed (-o zle: without a
# terminal on its own standard input zsh would not start its line editor
# in the pty).  No sleeping: each step
# waits for a marker the shell prints (the caller bounds it with timeout).
# Usage: zsh -f complete-zsh-pty.zsh COMPLETION-DIR 'precis s'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i -o zle
zpty -w z "PS1='> '; unsetopt zle_bracketed_paste; setopt nobeep; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D; zstyle ':completion:*' list-prompt ''; LISTMAX=10000; print RE''ADY"
# Then the prompt: only once the line editor is up may keys be typed (the
# terminal would take them itself before).
zpty -r z out '*READY*> ' || exit 1
zpty -w -n z "$2"$'\t'
# Clear the line, then a marker: everything before it is the listing.
zpty -w z $'\C-u''print DO''NE'
zpty -r z out '*DONE*' || exit 1
zpty -d z
print -r -- "$out" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr '\r' '\n'
