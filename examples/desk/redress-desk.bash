# bash completion for redress-desk: commands and verbs, each command's options, and
# complaint ids for show and the verbs. The names are asked of the program itself
# (its --help texts, `list --json`), so they are never out of date.
# The commands and verbs: the first word of the lines under "commands:" and
# "lifecycle verbs" in the program's --help.
_redress_desk_commands() {
  awk '/^(commands|lifecycle verbs)/ {on = 1; next} /^$/ {on = 0} on {print $1}'
}

_redress_desk() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  local prog=${words[0]} i command="" globals=()
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      --db|--tenant|--config|-c) globals+=("${words[i]}" "${words[i+1]}"); ((i++)) ;;
      -*) ;;
      *) command=${words[i]}; break ;;
    esac
  done
  case $prev in
    --db|--config|-c|--svg|--sample|--policies) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--db --tenant --config --help --version" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
        _redress_desk_commands)" -- "$cur"))
    fi
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$("$prog" "$command" --help 2>/dev/null |
      grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
    return
  fi
  case $command in
    config) COMPREPLY=($(compgen -W "check show" -- "$cur")) ;;
    help) COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
            _redress_desk_commands)" -- "$cur")) ;;
    add|list|tick|feed|report|demo|policies) ;;
    *) COMPREPLY=($(compgen -W "$("$prog" "${globals[@]}" list --json 2>/dev/null |
         sed -n 's/^{"id":"\([^"]*\)".*/\1/p')" -- "$cur")) ;;
  esac
}
complete -F _redress_desk redress-desk
