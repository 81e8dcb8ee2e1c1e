"""Hostile documents: nothing a terminal acts on reaches stdout, odd files are skipped with a reason."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import run

ESC = "\x1b"
HOSTILE = (
    f"{ESC}[31m{ESC}[2J{ESC}[6n {ESC}]8;;file:///etc/passwd{ESC}\\link{ESC}]8;;{ESC}\\ {ESC}]52;c;cm0gLXJm\x07 "
    "\u009b31m\u009d0;title\u009c \x07\x08 \u202eevil\u202c \u2066iso\u2069 [link=file:///etc/passwd]click[/link] [bold]b[/bold]"
)
SGR = re.compile(rb"\x1b\[[0-9;]*m")
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _page(title: str) -> str:
    return (f"Hostile {title} {HOSTILE}\n\nBy Anna {HOSTILE} Berg\n\n"
            f"The council {HOSTILE} met on Monday and hostile talks went on into the evening.\n\n"
            f'"We will not stop {HOSTILE}," said Tomas Reyes, the hostile spokesman.\n')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    docs = tmp_path_factory.mktemp("hostile-docs")
    (docs / "page.txt").write_text(_page("page"), encoding="utf-8")
    (docs / f"name-{ESC}]52;c;ZXZpbA==\x07-\u202e.txt").write_text(_page("named"), encoding="utf-8")
    record = {"title": f"Hostile record {HOSTILE}", "body": f"hostile body {HOSTILE} with words", "authors": [f"Li {HOSTILE}"]}
    (docs / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("hostile-index") / "index"
    ran = run("index", docs, "--index", index)
    assert ran.code == 0, ran.err
    return docs, index


def _assert_inert(out: bytes, colour: bool) -> None:
    data = SGR.sub(b"", out) if colour else out
    assert b"\x1b" not in data, data[data.index(b"\x1b") - 20:data.index(b"\x1b") + 20]
    found = UNSAFE_TEXT.search(data.decode("utf-8"))
    assert found is None, f"U+{ord(found.group()):04X} in output"


@pytest.mark.parametrize("fmt, colour", [("rich", "always"), ("rich", "never"), ("jsonl", "never"), ("tsv", "never"), ("paths", "never")])
def test_query_output_carries_no_terminal_controls(hostile, fmt, colour):
    _, index = hostile
    ran = run("query", "hostile", "--index", index, "--format", fmt, "--color", colour)
    assert ran.code == 0, ran.err
    _assert_inert(ran.out, colour == "always")
    if fmt != "paths":
        assert len(ran.stdout.strip().splitlines()) >= 3


def test_show_parse_and_stats_output_carry_no_terminal_controls_and_print_markup_literally(hostile):
    docs, index = hostile
    ids = [json.loads(line)["id"] for line in run("query", "hostile", "--index", index, "--format", "jsonl").stdout.splitlines()]
    outputs = []
    for article_id in ids:
        outputs.append(run("show", article_id, "--index", index, "--format", "rich", "--color", "always"))
        outputs.append(run("show", article_id, "--index", index, "--format", "jsonl"))
    outputs.append(run("parse", docs, "--format", "rich", "--color", "always"))
    outputs.append(run("parse", docs, "--format", "jsonl"))
    outputs.append(run("stats", "--index", index, "--format", "rich", "--color", "always"))
    outputs.append(run("stats", "--index", index, "--format", "jsonl"))
    for ran in outputs:
        assert ran.code == 0, ran.err
        _assert_inert(ran.out, True)
    assert len(ids) == 3
    assert b"[link=file:///etc/passwd]click[/link]" in outputs[0].out  # Rich markup printed as text


def test_jsonl_output_keeps_the_controls_as_escapes(hostile):
    _, index = hostile
    ran = run("query", "hostile", "--index", index, "--format", "jsonl")
    assert "\\u009b" in ran.stdout or "\\u202e" in ran.stdout or "[link=file:///etc/passwd]" in ran.stdout
    json.loads(ran.stdout.splitlines()[0])


def test_fifo_and_device_link_named_on_the_command_line_are_skipped_with_a_reason(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    ran = run("index", fifo, zero, "--index", tmp_path / "index", timeout=20)
    assert ran.code == 1, ran.err
    assert f"newsearch: {fifo}: not a regular file, skipped" in ran.err
    assert f"newsearch: {zero}: not a regular file, skipped" in ran.err
    assert "Traceback" not in ran.err


def test_fifo_and_device_link_inside_an_indexed_folder_do_not_hang_or_stop_the_run(tmp_path, pages):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.txt").write_text((pages / "page0000.txt").read_text())
    os.mkfifo(docs / "pipe.txt")
    (docs / "zero.txt").symlink_to("/dev/zero")
    ran = run("index", docs, "--index", tmp_path / "index", timeout=20)
    assert ran.code in (0, 1), ran.err
    assert "Traceback" not in ran.err
    assert "indexed 1 article" in ran.err


def test_file_symlink_loop_in_a_folder_is_skipped_with_a_reason(tmp_path, pages):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.txt").write_text((pages / "page0000.txt").read_text())
    (docs / "loop-a.txt").symlink_to("loop-b.txt")
    (docs / "loop-b.txt").symlink_to("loop-a.txt")
    ran = run("index", docs, "--index", tmp_path / "index", timeout=20)
    assert "Traceback" not in ran.err
    assert ran.code == 1
    assert "loop-a.txt" in ran.err and "indexed 1 article" in ran.err


def test_folder_symlink_loop_is_walked_once(tmp_path, pages):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "page.txt").write_text((pages / "page0001.txt").read_text())
    (docs / "sub" / "up").symlink_to("..")
    ran = run("index", docs, "--index", tmp_path / "index", timeout=20)
    assert ran.code == 0, ran.err
    assert "indexed 1 article from 1 file" in ran.err
