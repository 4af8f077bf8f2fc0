#!/usr/bin/env python3
"""docs-check: what README.md, runner/README.md and docs/*.md name exists.

Checks, in inline code, ```sh/yaml/json blocks and links: repo paths against
the tree (bare source names such as `result.h` against its file names);
`make TARGET` against the Makefile; the --flags of labrun and of the
programs in cmd/CMakeLists.txt (in a command of that program, or alone in
inline code) against the program's source (runner/ for labrun, its main for
the others, and what they share in cmd/ and core/cli/). Left alone: build
outputs (build*/), placeholders ({addr}, <variant>), globs, paths outside
the repo (/..., ../ from the root), other tools' commands and flags.

--self-test (`make docs-check` runs it first) checks a small in-memory doc
with good and dangling references: exactly the dangling ones are reported.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATH_RE = re.compile(r"(?<![\w./$:-])((?:\.\./)*[\w.][\w.{},*<>+-]*(?:/[\w.{},*<>+-]*)+)")
FLAG_RE = re.compile(r"(?<![\w-])(--?[a-z][\w-]+)")


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8", errors="replace") as f:
        return f.read()


def sources(*patterns):  # C++ without its // comments
    text = "".join(read(os.path.relpath(p, ROOT)) for pattern in patterns
                   for p in glob.glob(os.path.join(ROOT, pattern), recursive=True))
    return re.sub(r"(^|\s)//.*", "", text, flags=re.M)


def exists(path):  # a file, a directory, or a stem (runner/scenario/regex_check)
    full = os.path.join(ROOT, path)
    return os.path.exists(full) or bool(glob.glob(glob.escape(full) + ".*"))


def expand(path):  # `core/server/x.{h,cc}` -> both
    m = re.search(r"\{([^{}]*,[^{}]*)\}", path)
    if not m:
        return [path]
    return [p for alt in m.group(1).split(",") for p in expand(path[:m.start()] + alt + path[m.end():])]


class Checker:
    def __init__(self):
        makefile = read("Makefile")
        rules = re.findall(r"^([\w-]+(?:[ \t]+[\w-]+)*)[ \t]*:(?!=)", makefile, re.M)
        self.targets = {t for r in rules for t in r.split()}
        shared = sources("cmd/*.h", "cmd/client_session.cc", "cmd/signal_watch.cc", "core/cli/*")
        self.progs = {"labrun": sources("runner/**/*.cc", "runner/**/*.h") + shared}
        for name, main in re.findall(r"^brew_program\(\w+ ([\w-]+) (\w+\.cc)\)", read("cmd/CMakeLists.txt"), re.M):
            self.progs[name] = sources("cmd/" + main) + shared
        self.roots = {n for n in os.listdir(ROOT) if n != ".git" and not n.startswith("build")}
        self.files = {f for top, dirs, files in os.walk(ROOT) for f in files
                      if not os.path.relpath(top, ROOT).startswith(("build", ".git"))}
        self.checked, self.problems = 0, []

    def report(self, where, what, thing, ok):
        self.checked += 1
        if not ok:
            self.problems.append(f"{where}: {what} names {thing}, which does not exist")

    def path(self, where, token):
        token = re.sub(r"(:\d+)+$", "", token.rstrip(".,;:)"))
        if re.search(r"[*?<>]|\{[^,}]*\}", token) or token.startswith("../"):
            return  # a glob, a placeholder, or outside the repo
        if token.split("/")[0] in self.roots:
            for p in expand(token):
                self.report(where, "a path", p, exists(p))

    def command(self, where, cmd, inline):
        words = cmd.split()
        while words and re.match(r"^(\w+=\S*|-|\$|run:|sudo)$", words[0]):
            words = words[1:]  # env settings, YAML list items, prompts
        if not words:
            return
        prog = os.path.basename(words[0])
        if prog == "make":
            rest = " ".join(words[1:])
            for w in re.sub(r"\"[^\"]*\"|'[^']*'", "", rest).split():
                if not w.startswith("-") and "=" not in w:
                    self.report(where, "make", "target " + w, w in self.targets)
            prog, rest = None, rest.replace('"', " ").replace("'", " ")  # ARGS="--flags"
        elif prog in self.progs:
            rest = re.sub(r"\"[^\"]*\"|'[^']*'", "", " ".join(words[1:]))  # not --server-cmd's
        elif inline and words[0].startswith("--"):
            prog, rest = None, " ".join(words)
        else:
            return  # another tool's command: ctest, cmake, kcat, chromium, ...
        for flag in FLAG_RE.findall(rest):
            if prog is None and not flag.startswith("--"):
                continue
            name = "--" + flag.lstrip("-")
            has = {p for p, src in self.progs.items() if f'"{name}"' in src or f'"{name},' in src}
            self.report(where, prog or "inline code", "flag " + flag, prog in has if prog else bool(has))

    def code(self, where, text, inline):
        for token in PATH_RE.findall(text):
            self.path(where, token)
        if inline and re.fullmatch(r"[\w-]+\.(?:cc|h|proto|py)", text):
            self.report(where, "a file name", text, text in self.files)
        if not inline:
            text = re.sub(r"(^|\s)#.*$", "", text)  # a shell comment
        for cmd in re.split(r"&&|\|\||[|;&]", text):
            self.command(where, cmd, inline)

    def doc(self, rel, text):
        fence, prose = None, []
        for n, line in enumerate(text.split("\n"), 1):
            m = re.match(r"^\s*```(\w*)", line)
            if m or fence is not None:
                if m:
                    fence = None if fence is not None else m.group(1)
                elif fence in ("sh", "yaml", "json"):
                    self.code(f"{rel}:{n}", line.strip(), inline=False)
                prose.append("")
                continue
            prose.append(line)
            for target in re.findall(r"\]\(([^)\s]+)\)", line):
                target = target.split("#")[0]
                if target and not re.match(r"^\w+:", target):  # not http: or mailto:
                    path = os.path.normpath(os.path.join(os.path.dirname(rel), target))
                    self.report(f"{rel}:{n}", "a link", target, exists(path))
        prose = "\n".join(prose)
        for m in re.finditer(r"`([^`]+)`", prose):  # inline code, also across a line break
            n = prose.count("\n", 0, m.start()) + 1
            self.code(f"{rel}:{n}", " ".join(m.group(1).split()), inline=True)


def self_test():
    c = Checker()
    c.doc("selftest.md", "Good: `core/cli/flags.h`, `make test`, `labrun --html FILE`.\n"
          "Dangling: `core/cli/no_such_file.h`, `make no-such-target`,\n"
          "`build/bin/labrun --no-such-flag`, [gone](docs/gone.md).\n")
    want = [f"selftest.md:{w}, which does not exist" for w in (
        "2: a path names core/cli/no_such_file.h", "2: make names target no-such-target",
        "3: labrun names flag --no-such-flag", "3: a link names docs/gone.md")]
    assert sorted(c.problems) == sorted(want), "docs-check self-test failed:\n" + "\n".join(c.problems)
    print(f"docs-check self-test: {c.checked} references, exactly the {len(want)} dangling ones reported")


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    c = Checker()
    docs = ["README.md", "runner/README.md"] + sorted(
        os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "*.md")))
    for rel in docs:
        c.doc(rel, read(rel))
    print("\n".join(c.problems) if c.problems else f"docs-check: {c.checked} references checked, all present")
    sys.exit(1 if c.problems else 0)


if __name__ == "__main__":
    main()
