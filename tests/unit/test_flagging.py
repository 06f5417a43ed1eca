"""``gr.CSVLogger`` and the other flagging callbacks: the files and rows Gradio 6.31 writes."""

from __future__ import annotations

import csv
import inspect
from pathlib import Path

import pytest

from rillet.components.image import Image
from rillet.components.slider import Slider
from rillet.components.textbox import Textbox
from rillet.flagging import ClassicCSVLogger, CSVLogger, FlaggingCallback, SimpleCSVLogger


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as source:
        return list(csv.reader(source))


@pytest.fixture
def picture(tmp_path: Path) -> dict:
    source = tmp_path / "in" / "pic.png"
    source.parent.mkdir()
    source.write_bytes(b"not really a png")
    return {
        "path": str(source),
        "url": None,
        "orig_name": "pic.png",
        "meta": {"_type": "gradio.FileData"},
    }


def components() -> list:
    return [
        Textbox(label="Name", render=False),
        Slider(0, 1, 0.5, render=False),
        Image(label="Pic/x", render=False),
    ]


def test_signatures_match_gradio() -> None:
    assert list(inspect.signature(CSVLogger).parameters) == [
        "simplify_file_data",
        "verbose",
        "dataset_file_name",
    ]
    assert list(inspect.signature(CSVLogger.flag).parameters) == [
        "self",
        "flag_data",
        "flag_option",
        "username",
    ]
    assert issubclass(CSVLogger, FlaggingCallback)


def test_csv_logger_writes_header_rows_and_copies_files(tmp_path: Path, picture: dict) -> None:
    logger = CSVLogger(verbose=False)
    logger.setup(components(), tmp_path / "flagged")
    assert not (tmp_path / "flagged").exists()  # made at the first flag, as in Gradio
    assert logger.flag(["Ann", 0.25, picture]) == 1
    assert logger.flag(["=SUM(A1)", None, None]) == 2
    table = rows(tmp_path / "flagged" / "dataset1.csv")
    assert table[0] == ["Name", "component 1", "Pic/x", "timestamp"]
    name, strength, image, when = table[1]
    assert (name, strength) == ("Ann", "0.25")
    copy = Path(image)
    assert copy.read_bytes() == b"not really a png"
    assert copy.parent.parent == tmp_path / "flagged" / "Picx"  # label made a folder name
    assert copy.name == "pic.png" and when[:2] == "20"
    assert table[2][:3] == ["'=SUM(A1)", "", ""]  # no formula, empty for None


def test_csv_logger_flag_and_username_columns_come_from_the_first_flag(tmp_path: Path) -> None:
    logger = CSVLogger(verbose=False)
    logger.setup([Textbox(label="a", render=False)], tmp_path)
    logger.flag(["x"], flag_option="Bad", username="ann")
    table = rows(tmp_path / "dataset1.csv")
    assert table[0] == ["a", "flag", "username", "timestamp"]
    assert table[1][:3] == ["x", "Bad", "ann"]


def test_new_labels_start_the_next_dataset_file(tmp_path: Path) -> None:
    first = CSVLogger(verbose=False)
    first.setup([Textbox(label="a", render=False)], tmp_path)
    first.flag(["1"])
    same = CSVLogger(verbose=False)
    same.setup([Textbox(label="a", render=False)], tmp_path)
    assert same.flag(["2"]) == 2  # the same header: the same file
    other = CSVLogger(verbose=False)
    other.setup([Textbox(label="b", render=False)], tmp_path)
    assert other.flag(["3"]) == 1
    assert rows(tmp_path / "dataset2.csv")[0] == ["b", "timestamp"]
    named = CSVLogger(verbose=False, dataset_file_name="mine.csv")
    named.setup([Textbox(label="c", render=False)], tmp_path)
    named.flag(["4"])
    assert rows(tmp_path / "mine.csv")[1][0] == "4"


def test_verbose_says_which_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logger = CSVLogger()
    logger.setup([Textbox(label="a", render=False)], tmp_path)
    logger.flag(["1"])
    assert "Created dataset file at:" in capsys.readouterr().out


def test_json_values_and_whole_file_data(tmp_path: Path, picture: dict) -> None:
    logger = CSVLogger(simplify_file_data=False, verbose=False)
    logger.setup([Textbox(label="j", render=False), Image(render=False)], tmp_path)
    logger.flag([{"a": [1, -2]}, picture])
    value, image = rows(tmp_path / "dataset1.csv")[1][:2]
    assert value == '{"a": [1, -2]}'
    assert image.startswith('{"path": ') and '"is_stream": false' in image


def test_update_dicts_are_written_as_text(tmp_path: Path) -> None:
    logger = CSVLogger(verbose=False)
    logger.setup([Textbox(label="a", render=False)], tmp_path)
    logger.flag([{"__type__": "update", "value": "x"}])
    assert rows(tmp_path / "dataset1.csv")[1][0] == "{'__type__': 'update', 'value': 'x'}"


def test_a_label_cannot_leave_the_folder(tmp_path: Path, picture: dict) -> None:
    logger = CSVLogger(verbose=False)
    logger.setup([Image(label="..", render=False)], tmp_path / "f")
    logger.flag([picture])
    copied = Path(rows(tmp_path / "f" / "dataset1.csv")[1][0])
    assert copied.resolve().is_relative_to((tmp_path / "f").resolve())


def test_classic_and_simple_loggers(tmp_path: Path) -> None:
    classic = ClassicCSVLogger()
    classic.setup([Textbox(label="a", render=False)], tmp_path / "c")
    assert classic.flag(["x"]) == 1
    table = rows(tmp_path / "c" / "log.csv")
    assert table[0] == ["a", "flag", "username", "timestamp"] and table[1][:3] == [
        "x",
        "None",
        "",
    ]  # as Gradio writes it
    simple = SimpleCSVLogger()
    simple.setup([Textbox(label="a", render=False)], tmp_path / "s")
    simple.flag(["x"])
    assert simple.flag(["y"]) == 1
    assert rows(tmp_path / "s" / "log.csv") == [["x"], ["y"]]
