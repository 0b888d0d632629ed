#!/usr/bin/env python3
"""Copies README.md and the guides (docs/*.md) into OUTDIR as Doxygen pages of the
API reference (docs/meson.build, -Ddocs=true). The files are written for GitHub's
Markdown; Doxygen 1.9 reads a few things differently, so the copies say them its way:

- every heading gets an explicit id (Doxygen makes none from the text): a guide's
  title is its file name (`deadlines`), a section `deadlines-which-path-...` (the
  GitHub anchor after the file name; README's sections `readme-...`);
- links to a guide or a section (`docs/abi.md`, `deadlines.md#a-section`, `#a-section`)
  become `@ref` links to those ids; links to other files of the tree are left alone;
- a code span broken over two lines is joined onto one (Doxygen ends a span at the
  line's end, and the backslashes in it would read as commands);
- a `<word>` outside code (a placeholder such as `<name>`) is escaped, not taken for
  an HTML tag, and a quote inside a code span is written as an entity (Doxygen
  pairs a backtick with a later ' as typographic quotes, and reads on past a ").

  doxygen_pages.py [--stamp FILE] OUTDIR README.md docs/guide.md ...
(--stamp: touch FILE when done, the build's record that the pages are current)"""
import pathlib
import re
import sys

HTML_TAGS = {"a", "b", "br", "code", "em", "i", "img", "p", "pre", "strong", "sub", "sup",
             "table", "td", "th", "tr", "tt", "ul", "ol", "li", "kbd", "details", "summary"}


def page_id(path):
    return "readme" if path.name == "README.md" else path.stem


def slug(title):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    title = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", title).strip().lower()
    return re.sub(r"[^\w\- ]", "", title).replace(" ", "-")


def join_code_spans(lines):
    """Joins a line whose backticks do not pair up with the next ones (a code span
    broken over lines), outside fenced blocks."""
    out, fenced = [], False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif (not fenced and out and out[-1].count("`") % 2 == 1 and line.strip()
              and not out[-1].lstrip().startswith(("```", "~~~"))):
            out[-1] = out[-1].rstrip("\n") + " " + line.lstrip()
            continue
        out.append(line)
    return out


def rewrite_links(text, pid, pages):
    def link(m):
        target = m.group(1)
        path, _, anchor = target.partition("#")
        if path == "":
            return f"](@ref {pid}-{anchor})"
        name = pathlib.PurePosixPath(path).name
        if "://" in path or not name.endswith(".md") or name not in pages:
            return m.group(0)
        page, prefix = pages[name]
        return f"](@ref {prefix}-{anchor})" if anchor else f"](@ref {page})"
    return re.sub(r"\]\(([^)\s]+)\)", link, text)


def escape_tags(text):
    """<word> outside code spans, unless an HTML tag, as &lt;word&gt;; a quote inside
    a code span as &apos; (Doxygen pairs a backtick with a later quote, `like this')."""
    parts = re.split(r"(`[^`]*`)", text)
    for i in range(1, len(parts), 2):
        parts[i] = parts[i].replace("'", "&apos;").replace('"', "&quot;")
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"<(/?)([A-Za-z_][\w.-]*)>",
                          lambda m: m.group(0) if m.group(2).lower() in HTML_TAGS
                          else f"&lt;{m.group(1)}{m.group(2)}&gt;", parts[i])
    return "".join(parts)


def convert(path, pages):
    pid = page_id(path)
    out, fenced, seen = [], False, {}
    for line in join_code_spans(path.read_text(encoding="utf-8").splitlines(True)):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        m = re.match(r"(#{1,6}) (.*?)\s*$", line)
        if m:
            level, title = m.groups()
            if level == "#":
                ident = "" if pid == "readme" else f" {{#{pid}}}"
            else:  # a repeated title gets -1, -2, ... as on GitHub
                base = slug(title)
                n = seen.get(base, 0)
                seen[base] = n + 1
                ident = f" {{#{pid}-{base}{'-' + str(n) if n else ''}}}"
            line = f"{level} {escape_tags(rewrite_links(title, pid, pages))}{ident}\n"
        else:
            line = escape_tags(rewrite_links(line, pid, pages))
        out.append(line)
    return "".join(out)


def main(argv):
    stamp = None
    if len(argv) > 2 and argv[1] == "--stamp":
        stamp, argv = argv[2], argv[:1] + argv[3:]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = pathlib.Path(argv[1])
    paths = [pathlib.Path(p) for p in argv[2:]]
    # README's own id is the main page's, "index"
    pages = {p.name: ("index" if p.name == "README.md" else page_id(p), page_id(p))
             for p in paths}
    outdir.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (outdir / path.name).write_text(convert(path, pages), encoding="utf-8")
    if stamp:
        pathlib.Path(stamp).write_text("", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
