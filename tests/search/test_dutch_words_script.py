"""scripts/dutch-words turns a hunspell .dic file into the word list the engine and the portal
split compounds with: one normalised word a line, names left out, its licence and version beside
it."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "dutch-words"

# A count, then "word/FLAGS" entries as nl.dic holds them.
DIC = """\
7
erfgoed/Ctx
Café/abc
coöperatie/Nn
Anna/M
ijs/I
Roos/N
roos/Nn
"""


def install(tmp_path, **env):
    (tmp_path / "nl.dic").write_text(DIC, "utf-8")
    (tmp_path / "copyright").write_text("OpenTaal, BSD\n", "utf-8")
    target = tmp_path / "words"
    result = subprocess.run(
        [SCRIPT],
        env={
            **os.environ,
            "DUTCH_WORDS_DIR": str(target),
            "DUTCH_WORDS_DIC": str(tmp_path / "nl.dic"),
            "DUTCH_WORDS_COPYRIGHT": str(tmp_path / "copyright"),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return target, result


def test_the_list_holds_the_normalised_words_without_names(tmp_path):
    target, result = install(tmp_path)

    assert result.stdout.strip() == str(target / "nl-words.txt")
    # Flags stripped, accents folded, four letters or more ("ijs" is too short), "Café" and
    # "Anna" names, "roos" a word as well as a name.
    assert (target / "nl-words.txt").read_text("utf-8") == "cooperatie\nerfgoed\nroos\n"
    assert (target / "copyright").read_text("utf-8") == "OpenTaal, BSD\n"
    assert (target / "VERSION").read_text("utf-8").startswith("unknown (")
    # Nothing of the work left behind.
    assert sorted(path.name for path in target.iterdir()) == [
        ".lock",
        "VERSION",
        "copyright",
        "nl-words.txt",
    ]


def test_an_installed_list_is_kept(tmp_path):
    target, _result = install(tmp_path)
    (target / "nl-words.txt").write_text("erfgoed\n", "utf-8")

    install(tmp_path)

    assert (target / "nl-words.txt").read_text("utf-8") == "erfgoed\n"


def test_a_list_installed_before_its_version_was_kept_is_replaced(tmp_path):
    target, _result = install(tmp_path)
    (target / "nl-words.txt").write_text("anna\nerfgoed\n", "utf-8")
    (target / "VERSION").unlink()

    install(tmp_path)

    assert (target / "nl-words.txt").read_text("utf-8") == "cooperatie\nerfgoed\nroos\n"
    assert (target / "VERSION").exists()
