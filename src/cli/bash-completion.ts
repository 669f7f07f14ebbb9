// The bash completion of pve-bootenv, made from the command table (cli/commands.ts) when the
// package is built (scripts/build.mjs), so that it never lists a verb or option the CLI does
// not take. Pure: the table in, the script's text out.
//
// A static script, not `pve-bootenv --complete`: a TAB must not start node. Only BE names
// are looked up, with one `zfs list` of the datasets beside the one mounted at /, which
// works without root; every error is silenced (a completion that prints breaks the line).
import type { Command, WordKind } from './command.js';

/** The options a command takes, as its usage line spells them: "-e", "--dry-run". */
export function optionsOfUsage(usage: string): string[] {
  const found = usage.match(/(?<![\w<-])--?[A-Za-z][\w-]*/g) ?? [];
  return [...new Set(found)];
}

/** The global options, taken only before a verb (cli/main.ts). */
const GLOBAL_OPTIONS = ['-h', '--help', '-V', '--version'];

const shellWord = (text: string): string => {
  if (!/^[\w@%+=:,./-]*$/.test(text)) throw new Error(`not a plain word for the completion script: ${JSON.stringify(text)}`);
  return text;
};
const words = (list: readonly string[]): string => list.map(shellWord).join(' ');

function verbCase(command: Command): string[] {
  const spec = command.completion ?? { args: [] };
  const valued = Object.entries(spec.optionValues ?? {});
  const commandAt = spec.args.indexOf('command');
  const lines = [
    `        ${shellWord(command.name)})`,
    `            options='${words(optionsOfUsage(command.usage))}'`,
    `            valued='${words(valued.map(([option]) => option))}'`,
    `            kinds='${words(spec.args)}'`,
    `            rest='${spec.rest ?? ''}'`,
    // Once the BE's name of run is given, what follows is the command's, options and all.
    `            options_end=${commandAt >= 0 ? commandAt : 99}`,
  ];
  if (valued.length > 0) {
    lines.push('            case $prev in');
    for (const [option, kind] of valued) lines.push(`                ${shellWord(option)}) _pve_bootenv_complete ${kind} "$cur"; return 0 ;;`);
    lines.push('            esac');
  }
  lines.push('            ;;');
  return lines;
}

const KINDS: Record<WordKind, string> = {
  be: `COMPREPLY=($(compgen -W "$(_pve_bootenv_names)" -- "$2"))`,
  'new-name': ':',
  text: ':',
  file: `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$2"))`,
  dir: `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$2"))`,
  command: `COMPREPLY=($(compgen -c -- "$2"))`,
};

export function bashCompletionScript(commands: readonly Command[]): string {
  const verbs = commands.map((c) => c.name);
  return `# bash completion for pve-bootenv(8): verbs, their options, and boot environment names.
# Made from the CLI's command table when the package is built (src/cli/bash-completion.ts).

# The boot environments: the datasets beside the one mounted at /, as pve-bootenv finds them.
# Quiet and quick without root too; nothing at all when / is not on ZFS.
_pve_bootenv_names()
{
    local source fstype
    read -r source fstype < <(findmnt -n -o SOURCE,FSTYPE --target / 2>/dev/null) || return 0
    [[ $fstype == zfs && $source == */* ]] || return 0
    # zfs is in /usr/sbin, which is not in an ordinary user's PATH.
    PATH=/usr/sbin:/usr/bin:/sbin:/bin zfs list -H -o name -t filesystem -d 1 -- "\${source%/*}" 2>/dev/null |
        sed -n "s|^\${source%/*}/||p"
}

# _pve_bootenv_complete KIND WORD: what may stand where a word of that kind goes.
_pve_bootenv_complete()
{
    case $1 in
${Object.entries(KINDS)
  .map(([kind, body]) => `        ${kind}) ${body} ;;`)
  .join('\n')}
    esac
}

_pve_bootenv()
{
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if (( COMP_CWORD == 1 )); then
        COMPREPLY=($(compgen -W '${words([...verbs, 'help', ...GLOBAL_OPTIONS])}' -- "$cur"))
        return 0
    fi
    local options valued kinds rest options_end
    case \${COMP_WORDS[1]} in
${commands.flatMap(verbCase).join('\n')}
        *) return 0 ;;
    esac
    # Which positional argument this word is: the words before it that are neither options
    # nor an option's value; after "--" every word is one.
    local i n=0 dashdash=
    for (( i = 2; i < COMP_CWORD; i++ )); do
        if [[ -z $dashdash && \${COMP_WORDS[i]} == -- ]]; then dashdash=1; continue; fi
        if [[ -z $dashdash ]] && (( n < options_end )) && [[ \${COMP_WORDS[i]} == -* ]]; then
            [[ " $valued " == *" \${COMP_WORDS[i]} "* ]] && (( i++ ))
            continue
        fi
        (( n++ ))
    done
    if [[ -z $dashdash && $cur == -* ]] && (( n < options_end )); then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    fi
    local -a positional=($kinds)
    local kind=\${positional[n]:-$rest}
    [[ -n $kind ]] && _pve_bootenv_complete "$kind" "$cur"
    return 0
}
complete -F _pve_bootenv pve-bootenv
`;
}
