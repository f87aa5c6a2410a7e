"""The parser's compiled core (setup.py builds the hot modules of `cablearchive.parse` with
Cython) gives the same records as the pure-Python modules it is compiled from, and
`CABLEARCHIVE_NO_EXTENSIONS=1` makes a process run those pure-Python modules.

The pure-Python run happens in a subprocess with the variable set: in one process, the modules
are imported once. (scripts/test also runs all of tests/parse again with the variable set.)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cablearchive.parse
from cablearchive.parse import Cable, parse_cable
from tests.parse.fuzzing import NARA_CORPUS, SEEDS, SITE_CORPUS, SITE_SAMPLE, real_texts
from tests.shared import shared_file

not_compiled = pytest.mark.skipif(
    not cablearchive.parse.COMPILED,
    reason="the parser's compiled core is not built (`pip install -e .` builds it where Cython "
    "and a C compiler are at hand), or CABLEARCHIVE_NO_EXTENSIONS is set: nothing to compare",
)

# Parses the texts of a JSON file with the pure-Python modules and prints one fingerprint a
# record, as `_fingerprint` does.
_PURE_RUN = """
import hashlib, json, sys
import cablearchive.parse
assert not cablearchive.parse.COMPILED, "CABLEARCHIVE_NO_EXTENSIONS did not select the .py modules"
from cablearchive.parse import parse_cable
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for text in texts:
    record = json.dumps(parse_cable(text).to_dict(), sort_keys=True, ensure_ascii=False)
    print(hashlib.blake2b(record.encode(), digest_size=16).hexdigest())
"""


def _fingerprint(cable: Cable) -> str:
    record = json.dumps(cable.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(record.encode(), digest_size=16).hexdigest()


def _pure_env() -> dict[str, str]:
    return {**os.environ, "CABLEARCHIVE_NO_EXTENSIONS": "1"}


def _parser_modules() -> list[str]:
    return sorted(name for name in sys.modules if name.startswith("cablearchive.parse."))


def test_the_variable_makes_every_parser_module_python() -> None:
    code = (
        "import sys, cablearchive.parse as p; "
        "print(p.COMPILED); "
        "print(*sorted(m.__file__ for n, m in sys.modules.items() "
        "if n.startswith('cablearchive.parse.')), sep='\\n')"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=_pure_env(), capture_output=True, text=True, check=True
    )
    compiled, *files = run.stdout.split("\n")
    files = [f for f in files if f]
    assert compiled == "False"
    assert len(files) >= 10, run.stdout
    assert all(f.endswith(".py") for f in files), files


def test_the_cli_says_which_parser_runs() -> None:
    for env, expected in ((_pure_env(), "pure Python"), (None, None)):
        run = subprocess.run(
            [sys.executable, "-m", "cablearchive", "--version"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        if expected is None:  # this process's own parser
            expected = "compiled" if cablearchive.parse.COMPILED else "pure Python"
        assert run.stdout.strip().endswith(f"(parser: {expected})")


@not_compiled
def test_this_process_runs_the_compiled_modules() -> None:
    modules = [sys.modules[name] for name in _parser_modules()]
    compiled = {m.__name__ for m in modules if not (m.__file__ or "").endswith(".py")}
    # The modules parse_cable spends its time in (setup.py's list holds more).
    assert {
        "cablearchive.parse.cable",
        "cablearchive.parse.preamble",
        "cablearchive.parse.header",
        "cablearchive.parse.paragraphs",
        "cablearchive.parse.references",
    } <= compiled


@not_compiled
def test_a_source_edited_after_the_build_runs_as_python(tmp_path: Path) -> None:
    # An editable install whose preamble.py was edited since `pip install -e .`: the compiled
    # module holds the code of before the edit, so the .py runs, with a warning.
    package = Path(cablearchive.parse.__file__).parents[1]
    copy = tmp_path / "cablearchive"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "web", "store"))
    edited = copy / "parse" / "preamble.py"
    later = max(f.stat().st_mtime for f in edited.parent.glob("preamble.*")) + 60
    os.utime(edited, (later, later))
    code = (
        "import cablearchive.parse.preamble as p, cablearchive.parse.header as h; "
        "print(p.__file__); print(h.__file__)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    preamble, header = run.stdout.split()
    assert preamble == str(edited)
    assert not header.endswith(".py")  # untouched: still compiled
    assert "preamble.py changed after" in run.stderr


@not_compiled
def test_compiled_and_pure_parsers_give_identical_records(shared_dir: Path, tmp_path: Path) -> None:
    # Every real text the project has: the 6,712 site pages, the 2011-08 sample, the NARA
    # telegrams and the seeds.
    for name in (SITE_CORPUS, SITE_SAMPLE, NARA_CORPUS, *SEEDS):
        shared_file(shared_dir, name)
    texts = real_texts(shared_dir)
    assert len(texts) > 6_712, f"read only {len(texts)} real cables"
    source = tmp_path / "texts.json"
    source.write_text(json.dumps(texts), encoding="utf-8")
    # The pure-Python parse runs on the other core while this process parses compiled.
    with subprocess.Popen(
        [sys.executable, "-c", _PURE_RUN, str(source)],
        env=_pure_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as pure:
        cables = [parse_cable(text) for text in texts]
        compiled_prints = [_fingerprint(c) for c in cables]
        out, err = pure.communicate()
    assert pure.returncode == 0, err[-3000:]
    pure_prints = out.split()
    assert len(pure_prints) == len(compiled_prints)
    differ = [
        c.id or f"text {i}" for i, c in enumerate(cables) if pure_prints[i] != compiled_prints[i]
    ]
    assert not differ, (
        f"{len(differ)} of {len(texts)} records differ between the compiled and the pure-Python "
        f"parser, among them {differ[:10]}"
    )
