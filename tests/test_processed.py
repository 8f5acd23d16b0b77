"""data/processed/ is exactly what the build makes from data/raw/, and loads in other tools via Frictionless."""

from __future__ import annotations

import filecmp
import json

import pandas as pd
from frictionless import validate

from analysis.paths import processed_dir
from analysis.pipeline.processed import TABLES, build_processed


def test_committed_processed_data_is_what_the_build_makes(tmp_path):
    written = build_processed(tmp_path)
    committed = sorted(p.name for p in processed_dir().iterdir() if p.is_file())
    assert [p.name for p in written] == committed
    for path in written:
        assert filecmp.cmp(path, processed_dir() / path.name, shallow=False), f"{path.name} differs"


def test_build_is_byte_for_byte_repeatable(tmp_path):
    first, second = build_processed(tmp_path / "a"), build_processed(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_datapackage_validates_with_frictionless():
    report = validate(str(processed_dir() / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_datapackage_documents_every_column_and_its_sources():
    package = json.loads((processed_dir() / "datapackage.json").read_text())
    assert package["licenses"]
    names = {resource["name"] for resource in package["resources"]}
    assert names == {table.name for table in TABLES}
    for resource in package["resources"]:
        frame = pd.read_csv(processed_dir() / resource["path"], dtype="str")
        assert [f["name"] for f in resource["schema"]["fields"]] == list(frame.columns)
        assert all(f["description"] for f in resource["schema"]["fields"])
        if resource["name"] != "sources":
            assert resource["sources"], f"{resource['name']} cites no source"


def test_parquet_and_csv_hold_the_same_rows():
    for table in TABLES:
        parquet = pd.read_parquet(processed_dir() / f"{table.name}.parquet")
        csv = pd.read_csv(processed_dir() / f"{table.name}.csv", dtype="str")
        assert len(parquet) == len(csv) > 0
        assert list(parquet.columns) == list(csv.columns)
