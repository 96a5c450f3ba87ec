#!/usr/bin/env python3
"""Check that the manual pages cover what the programs accept.

- every command of `precis --help` has a "## COMMAND" section in
  man/precis.1.scd, and every long option that `precis COMMAND --help`
  prints appears in that section;
- every global option of `precis --help` appears under GLOBAL OPTIONS;
- every option of `precisd --help` appears in man/precisd.8.scd;
- every key of the table in lib/config.c appears as "*key* =" under its
  "# [section]" heading in man/precis.conf.5.scd.

Usage: man-coverage.py SRC_DIR PRECIS_BIN PRECISD_BIN
Prints one line per missing item and exits 1 if anything is missing.
"""
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


def run_help(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=30)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(argv)} exited {p.returncode}:\n{p.stdout}")
    return p.stdout


def sections(text, level):
    """Map each heading at LEVEL ('#' or '##') to the text until the next
    heading at that level or above."""
    out = {}
    name = None
    for line in text.splitlines():
        m = re.match(r"^(#+) (.*)$", line)
        if m and len(m.group(1)) <= len(level):
            name = m.group(2).strip() if len(m.group(1)) == len(level) else None
            if name is not None:
                out[name] = ""
            continue
        if name is not None:
            out[name] += line + "\n"
    return out


def has_option(text, opt):
    return re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", text)


def main():
    src, precis, precisd = sys.argv[1:4]
    missing = []

    top = run_help([precis, "--help"])
    m = re.search(r"^commands:\n(.*?)\n\n", top, re.S | re.M)
    if not m:
        sys.exit("FAIL: no 'commands:' list in precis --help")
    commands = re.findall(r"^  ([a-z][a-z-]*) ", m.group(1), re.M)
    if len(commands) < 5:
        sys.exit(f"FAIL: only {commands} found in precis --help")
    g = re.search(r"^global options.*?\n(.*?)(\n\n|\Z)", top, re.S | re.M)
    if not g:
        sys.exit("FAIL: no 'global options' in precis --help")
    global_opts = sorted(set(OPTION.findall(g.group(1))))

    page = open(f"{src}/man/precis.1.scd", encoding="utf-8").read()
    subs = sections(page, "##")
    tops = sections(page, "#")
    for opt in global_opts:
        if not has_option(tops.get("GLOBAL OPTIONS", ""), opt):
            missing.append(f"precis(1): global option {opt} not under "
                           "GLOBAL OPTIONS")
    # Options `precis --help` shows on a command's usage line, and those of
    # the command's own help, both belong in its section.
    usage_line = {c: u for c, u in re.findall(r"^  ([a-z][a-z-]*) +(.*)$",
                                             m.group(1), re.M)}
    for cmd in commands:
        if cmd not in subs:
            missing.append(f"precis(1): no section '## {cmd}' for command "
                           f"{cmd}")
            continue
        helptext = run_help([precis, cmd, "--help"])
        opts = set(OPTION.findall(helptext)) | set(
            OPTION.findall(usage_line.get(cmd, "")))
        for opt in sorted(opts - {"--help"}):
            if not has_option(subs[cmd], opt):
                missing.append(f"precis(1): option {opt} of 'precis {cmd}' "
                               f"missing from section '## {cmd}'")

    dpage = open(f"{src}/man/precisd.8.scd", encoding="utf-8").read()
    dopts = sections(dpage, "#").get("OPTIONS", "")
    for opt in sorted(set(OPTION.findall(run_help([precisd, "--help"])))):
        if not has_option(dopts, opt):
            missing.append(f"precisd(8): option {opt} missing from OPTIONS")

    table = open(f"{src}/lib/config.c", encoding="utf-8").read()
    keys = re.findall(r'KEY\(\s*"([a-z_]+)",\s*"([a-z_]+)"', table)
    if len(keys) < 10:
        sys.exit(f"FAIL: only {len(keys)} keys found in lib/config.c")
    cpage = open(f"{src}/man/precis.conf.5.scd", encoding="utf-8").read()
    csecs = sections(cpage, "#")
    for sec, key in keys:
        body = csecs.get(f"[{sec}]")
        if body is None:
            missing.append(f"precis.conf(5): no section '# [{sec}]' (for "
                           f"key {sec}.{key})")
        elif not re.search(r"^\*" + re.escape(key) + r"\* =", body, re.M):
            missing.append(f"precis.conf(5): key {key} missing from "
                           f"'# [{sec}]' (write it as '*{key}* = default')")

    for line in missing:
        print("MISSING:", line)
    if missing:
        print(f"FAIL: {len(missing)} item(s) missing from the manual pages "
              "(man/*.scd)")
        return 1
    print(f"ok: {len(commands)} commands, "
          f"{sum(1 for _ in global_opts)} global options, "
          f"{len(keys)} configuration keys documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
