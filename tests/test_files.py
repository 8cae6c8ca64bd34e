"""Atomic writes: whole files only, unique temp names, nothing left behind."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from conflictnews.cli import write_table
from conflictnews.files import _owner, atomic_open, remove_abandoned_temps, write_text_atomic


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    write_text_atomic(target, "old\n")
    with pytest.raises(RuntimeError):
        with atomic_open(target) as handle:
            handle.write("half a fi")
            raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_concurrent_writers_of_one_table_never_mix(tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    tables = [pd.DataFrame({"writer": [k] * 2000, "text": [f"ولد {k} — é"] * 2000}) for k in range(4)]
    errors: list[BaseException] = []

    def write(table: pd.DataFrame) -> None:
        try:
            for _ in range(5):
                write_table(table, target)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(t,)) for t in tables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    final = pd.read_csv(target, encoding="utf-8")
    assert len(final) == 2000 and final["writer"].nunique() == 1  # one writer's table, whole
    assert final["text"].iloc[0] == f"ولد {final['writer'].iloc[0]} — é"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]


def test_written_files_follow_the_umask_like_open(tmp_path: Path, monkeypatch) -> None:
    from conflictnews import files

    assert files._UMASK == files._read_umask()  # the process umask, read once at import
    for mask, mode in ((0o022, 0o644), (0o077, 0o600)):
        monkeypatch.setattr(files, "_UMASK", mask)
        target = tmp_path / f"index-{mask:o}.html"
        write_text_atomic(target, "<p>ok</p>")
        assert target.stat().st_mode & 0o777 == mode  # as open() would make it, not always mkstemp's 0600


def test_abandoned_temps_of_dead_writers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = _owner().rsplit("-", 1)[0]
    abandoned = tmp_path / f".claims.csv.{host}-{int(dead.stdout)}.ab12cd_3.tmp"
    live = tmp_path / f".claims.csv.{_owner()}.zz99yy_1.tmp"
    elsewhere = tmp_path / f".claims.csv.otherhost-{int(dead.stdout)}.qq11rr_2.tmp"
    for path in (abandoned, live, elsewhere):
        path.write_text("half", encoding="utf-8")
    assert remove_abandoned_temps(tmp_path) == [abandoned]
    assert not abandoned.exists() and live.exists() and elsewhere.exists()
