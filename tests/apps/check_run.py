#!/usr/bin/python3
"""check_run.py MFPG SUBCOMMAND PRM_TEXT [--set K=V ...] [--let CODE ...]
                [--expect CHECK ...]

Write PRM_TEXT to case.prm in a fresh temporary directory, run
`MFPG SUBCOMMAND case.prm --set K=V ...` there (relative output
directories land there too), and pass if the run exits with status 0,
prints no deal.II stack trace, and every CHECK holds.

A CHECK compares values read from the files the run wrote with a range:

    QUANTITY = CENTRE ± TOL     |QUANTITY - CENTRE| <= TOL ('+-' for '±')
    QUANTITY in [LO, HI]        LO <= QUANTITY <= HI
    QUANTITY <= BOUND           (also >=, <, >)

Each side is a Python expression with numpy's names (mean, std, diff,
log, sqrt, exp, abs, ...) and np; an array QUANTITY passes when every
element does. In it, {FILE:COLUMN} is the column COLUMN (a numpy array)
of the CSV file FILE, and {FILE:KEY/KEY...} the value at that path of the
JSON file FILE (e.g. {summary.json:figures/V*}; a key may contain '/');
FILE is found by its name anywhere under the run's directory and must be
unique there.

--let CODE runs the Python statements CODE (same names) before the
checks, for derived quantities; the independent references of
references.py (this folder: the MDPs of the examples, the exact flows, the
Euler-Maruyama recursion, ...) are in scope too.

Each check prints its measured value and range, so the log of a passing
test shows what was measured.
"""
import csv
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import references  # noqa: E402


def find(directory, name):
    matches = glob.glob(os.path.join(directory, "**", name), recursive=True)
    if len(matches) != 1:
        raise RuntimeError(f"{len(matches)} files named {name} were written")
    return matches[0]


def read(directory, reference):
    name, _, key = reference.partition(":")
    path = find(directory, name)
    if name.endswith(".json"):
        with open(path) as f:
            value = json.load(f)
        while key not in value:  # keys may contain '/' themselves
            head, _, key = key.partition("/")
            value = value[head]
        value = value[key]
        return np.float64(value) if isinstance(value, (int, float)) else value
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or key not in rows[0]:
        raise RuntimeError(f"{name} has no column '{key}'")
    return np.array([float(r[key]) for r in rows])


def with_references(text, directory, names):
    """text with each {FILE:KEY} replaced by a name holding its value."""
    def replace(match):
        name = f"_ref{len(names['_refs'])}"
        names['_refs'].append(name)
        names[name] = read(directory, match.group(1))
        return name
    return re.sub(r"\{([^{}]+:[^{}]+)\}", replace, text)


CHECKS = [  # pattern, test, how the range is shown
    (r"(.+?)\s*=\s*(.+?)\s*(?:±|\+-)\s*(.+)",
     lambda q, c, t: np.abs(q - c) <= t, "{} ± {}"),
    (r"(.+?)\s+in\s+\[(.+),(.+)\]",
     lambda q, lo, hi: (lo <= q) & (q <= hi), "[{}, {}]"),
    (r"(.+?)\s*<=\s*(.+)", lambda q, b: q <= b, "<= {}"),
    (r"(.+?)\s*>=\s*(.+)", lambda q, b: q >= b, ">= {}"),
    (r"(.+?)\s*<\s*(.+)", lambda q, b: q < b, "< {}"),
    (r"(.+?)\s*>\s*(.+)", lambda q, b: q > b, "> {}")]


def shown(value):
    return np.array2string(np.asarray(value), max_line_width=1000,
                           formatter={"float_kind": lambda v: f"{v:.7g}"})


def check(check_text, directory, names):
    text = with_references(check_text, directory, names)
    for pattern, test, form in CHECKS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            values = [eval(e, names) for e in match.groups()]
            passed = bool(np.all(test(*values)))
            print(f"{'ok  ' if passed else 'FAIL'} {check_text}\n"
                  f"     measured {shown(values[0])}, expected "
                  + form.format(*map(shown, values[1:])))
            return passed
    raise RuntimeError(f"cannot read the check '{check_text}'")


def main(argv):
    mfpg, subcommand, prm_text = argv[:3]
    options = {"--set": [], "--let": [], "--expect": []}
    rest = argv[3:]
    if len(rest) % 2 or any(o not in options for o in rest[::2]):
        sys.exit("usage: " + __doc__.splitlines()[0])
    for option, value in zip(rest[::2], rest[1::2]):
        options[option].append(value)
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, "case.prm"), "w") as f:
            f.write(prm_text + "\n")
        command = [mfpg, subcommand, "case.prm"]
        for s in options["--set"]:
            command += ["--set", s]
        env = dict(os.environ, MFPG_NO_PLOTS="1", MFPG_NO_PROGRESS="1")
        run = subprocess.run(command, cwd=directory, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        print(run.stdout)
        if run.returncode != 0:
            sys.exit(f"FAIL: exit status {run.returncode}")
        if re.search(r"Stacktrace|An error occurred in line", run.stdout):
            sys.exit("FAIL: a stack trace was printed")
        names = {k: getattr(np, k) for k in dir(np) if not k.startswith("_")}
        names.update(np=np, abs=np.abs, min=np.min, max=np.max, sum=np.sum)
        names.update((k, v) for k, v in vars(references).items()
                     if not k.startswith("_"))
        names["_refs"] = []
        for code in options["--let"]:
            exec(with_references(code, directory, names), names)
        results = [check(c, directory, names) for c in options["--expect"]]
        if not all(results):
            sys.exit("FAIL: a check does not hold")
    print("PASS")


if __name__ == "__main__":
    main(sys.argv[1:])
